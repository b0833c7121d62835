{#-
    Pre-hook of an incremental model that replaces only the rows it writes (by a key finer
    than the day: agg_serverless_runs_hourly's run-hours, fct_workload_cost_daily's day and
    workload type): when it writes the touched dates again from all their records instead of
    adding to them (`adds_to_stored` false), it deletes those dates first, so that a stored
    row whose records all went elsewhere (a replaced record moved to another hour or
    workload) is not left behind.
    Every date without a watermark; nothing on a first run, in a table materialization, with
    nothing new, or when the new records only add.
-#}
{% macro delete_dates_aggregated_again(date_expression, adds_to_stored, date_column='usage_date') -%}
    {%- if execute and model.resource_type == 'model' and is_incremental() and not adds_to_stored -%}
        {%- set dates = finops_chargeback.touched_usage_dates(date_expression) -%}
        {%- if dates is none or dates | length > 0 -%}
    delete from {{ this }} where {{ finops_chargeback.is_one_of_dates(date_column, dates) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
