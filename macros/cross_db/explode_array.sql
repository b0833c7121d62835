{#- One output row per array element, used in a select list. -#}
{% macro explode_array(array_expression) -%}
    {{ return(adapter.dispatch('explode_array', 'finops_chargeback')(array_expression)) }}
{%- endmacro %}

{% macro default__explode_array(array_expression) -%}
    explode({{ array_expression }})
{%- endmacro %}

{% macro duckdb__explode_array(array_expression) -%}
    unnest({{ array_expression }})
{%- endmacro %}
