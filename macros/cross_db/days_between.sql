{#- Whole days from one date to another (end - start; negative when end is earlier), as an integer. -#}
{% macro days_between(start_expression, end_expression) -%}
    {{ return(adapter.dispatch('days_between', 'finops_chargeback')(start_expression, end_expression)) }}
{%- endmacro %}

{% macro default__days_between(start_expression, end_expression) -%}
    datediff({{ end_expression }}, {{ start_expression }})
{%- endmacro %}

{% macro duckdb__days_between(start_expression, end_expression) -%}
    cast(date_diff('day', {{ start_expression }}, {{ end_expression }}) as integer)
{%- endmacro %}
