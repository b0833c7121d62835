{#- A date plus a whole number of months, as a date (month ends clamp: Jan 31 + 1 month = Feb 28). -#}
{% macro date_plus_months(date_expression, months) -%}
    {{ return(adapter.dispatch('date_plus_months', 'finops_chargeback')(date_expression, months)) }}
{%- endmacro %}

{% macro default__date_plus_months(date_expression, months) -%}
    add_months({{ date_expression }}, {{ months }})
{%- endmacro %}

{% macro duckdb__date_plus_months(date_expression, months) -%}
    cast({{ date_expression }} + to_months(cast({{ months }} as integer)) as date)
{%- endmacro %}

{#- A date plus a whole number of days, as a date. -#}
{% macro date_plus_days(date_expression, days) -%}
    {{ return(adapter.dispatch('date_plus_days', 'finops_chargeback')(date_expression, days)) }}
{%- endmacro %}

{% macro default__date_plus_days(date_expression, days) -%}
    date_add({{ date_expression }}, {{ days }})
{%- endmacro %}

{% macro duckdb__date_plus_days(date_expression, days) -%}
    cast({{ date_expression }} + to_days(cast({{ days }} as integer)) as date)
{%- endmacro %}
