{#- A date plus a whole number of days (negative goes back), as a date. -#}
{% macro add_days(date_expression, days_expression) -%}
    {{ return(adapter.dispatch('add_days', 'finops_chargeback')(date_expression, days_expression)) }}
{%- endmacro %}

{% macro default__add_days(date_expression, days_expression) -%}
    date_add({{ date_expression }}, cast({{ days_expression }} as int))
{%- endmacro %}

{% macro duckdb__add_days(date_expression, days_expression) -%}
    cast({{ date_expression }} + cast({{ days_expression }} as integer) as date)
{%- endmacro %}
