{#-
    Aggregate condition (for a `having`): a scope whose daily cost (`daily_cost`) is never at
    least half `anomaly_min_deviation_usd` away from 0 can never deviate from its expected
    cost by that much, so it can never be flagged as an anomaly. The one place of that rule:
    fct_cost_scope_daily leaves such workloads out, fct_cost_series_daily such SKUs.
-#}
{% macro could_be_flagged_as_anomaly(daily_cost) -%}
    max(abs({{ daily_cost }})) * 2 >= {{ var('anomaly_min_deviation_usd') }}
{%- endmacro %}
