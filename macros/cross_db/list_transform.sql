{#- Apply `body` (an expression of `element`) to every element of an array. -#}
{% macro list_transform(array_expression, element, body) -%}
    {{ return(adapter.dispatch('list_transform', 'finops_chargeback')(array_expression, element, body)) }}
{%- endmacro %}

{% macro default__list_transform(array_expression, element, body) -%}
    transform({{ array_expression }}, {{ element }} -> {{ body }})
{%- endmacro %}

{#- DuckDB 2 rejects the arrow lambda: it needs `lambda x: ...`. -#}
{% macro duckdb__list_transform(array_expression, element, body) -%}
    list_transform({{ array_expression }}, lambda {{ element }}: {{ body }})
{%- endmacro %}
