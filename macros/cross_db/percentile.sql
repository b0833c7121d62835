{#-
    Aggregate: the p-quantile of a numeric expression with linear interpolation between the
    two nearest values (the median for p = 0.5), as a double. Nulls are ignored; null when
    every value is null. Same definition on every engine (percentile_cont).
-#}
{% macro percentile(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile', 'finops_chargeback')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile(expression, fraction) -%}
    percentile(cast({{ expression }} as double), {{ fraction }})
{%- endmacro %}

{% macro duckdb__percentile(expression, fraction) -%}
    quantile_cont(cast({{ expression }} as double), {{ fraction }})
{%- endmacro %}
