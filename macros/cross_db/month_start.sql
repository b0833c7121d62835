{#- First day of the month of a date, as a date. -#}
{% macro month_start(date_expression) -%}
    {{ return(adapter.dispatch('month_start', 'finops_chargeback')(date_expression)) }}
{%- endmacro %}

{% macro default__month_start(date_expression) -%}
    cast(date_trunc('month', {{ date_expression }}) as date)
{%- endmacro %}
