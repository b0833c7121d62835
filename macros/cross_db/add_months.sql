{#- A date plus a whole number of months, as a date (month starts stay month starts). -#}
{% macro add_months(date_expression, months_expression) -%}
    {{ return(adapter.dispatch('add_months', 'finops_chargeback')(date_expression, months_expression)) }}
{%- endmacro %}

{% macro default__add_months(date_expression, months_expression) -%}
    add_months({{ date_expression }}, cast({{ months_expression }} as int))
{%- endmacro %}

{% macro duckdb__add_months(date_expression, months_expression) -%}
    cast({{ date_expression }} + to_months(cast({{ months_expression }} as integer)) as date)
{%- endmacro %}
