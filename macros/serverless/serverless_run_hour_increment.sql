{#-
    How agg_serverless_runs_hourly is written incrementally (docs block `incremental_runs`):
    it replaces only the run-hours it writes (key usage_date and run_hour_key), so the model
    and its pre-hook must agree on the day of a run-hour and on whether the day's records
    only add to the stored run-hours.
-#}

{#- The day of a serverless record's run-hour, over fct_billing_usage's columns: the aggregate's usage_date. -#}
{% macro serverless_run_hour_date() -%}
    {{ return('cast(usage_start_time as date)') }}
{%- endmacro %}


{#- fact_increment_is_additive for the serverless run-hours. -#}
{% macro serverless_run_hours_are_additive() -%}
    {{ return(finops_chargeback.fact_increment_is_additive(
        finops_chargeback.serverless_run_hour_date(), timestamp_column='usage_start_time', record_filter='is_serverless'
    )) }}
{%- endmacro %}


{#-
    Stops an incremental run of `this` (with a message saying what to run) when its stored
    table lacks `key_column`: a table built before the key existed cannot be replaced row by
    row, since its rows could not be found by key.
-#}
{% macro require_stored_key(key_column) -%}
    {%- if execute and model.resource_type == 'model' and is_incremental() -%}
        {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- if key_column | lower not in stored -%}
            {{ exceptions.raise_compiler_error(
                this ~ ' was built before its key column ' ~ key_column ~ ' existed. Rebuild it once: '
                ~ 'dbt build --full-refresh --select ' ~ model.name ~ '+'
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
