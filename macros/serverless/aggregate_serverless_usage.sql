{#-
    Serverless work writes several billing records per run and hour; this turns them into
    one row per grain value and cost center (docs block `serverless_aggregation`), e.g.

        runs_by_cost_center as (
            {{ finops_chargeback.aggregate_serverless_usage('usage') }}
        ),

    `grain` lists select expressions (with their alias); the default is the run and hour.
    The caller picks the group's cost center from these rows (dominant_cost_center).
-#}
{% macro aggregate_serverless_usage(relation, grain=none) -%}
    {%- set grain = grain or [
        'workspace_id',
        'workload_type',
        'workload_id',
        'coalesce(job_run_id, dlt_update_id) as run_id',
        "date_trunc('hour', usage_start_time) as usage_hour",
    ] -%}
    select
        {%- for expression in grain %}
        {{ expression }},
        {%- endfor %}
        cost_center_id,
        count(*) as record_count,
        count(case when not is_priced then 1 end) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        max(run_as) as run_as,
        max(loaded_at) as fact_loaded_at
    from {{ relation }}
    where is_serverless
    group by {{ range(1, grain | length + 2) | join(', ') }}
{%- endmacro %}
