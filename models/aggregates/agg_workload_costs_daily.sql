{#-
    Cost per workload and day for every workload except serving endpoints (those are in
    agg_endpoint_costs_daily, because some of their records carry only the endpoint's name).
    Serverless records are aggregated, never counted as runs: run_count counts distinct job
    runs and pipeline updates. The cost center is the one with the largest cost that day.
    Incremental: the usage days that received records since the last run are aggregated
    again (docs block `incremental_runs`).
-#}
{{ config(
    materialized=finops_chargeback.fact_aggregate_materialization(),
    incremental_strategy='delete+insert',
    unique_key='usage_date',
    on_schema_change='sync_all_columns',
) }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where
        workload_type != 'endpoint'
        and {{ finops_chargeback.usage_date_is_touched('usage_date') }}

),

by_run as (

    select
        usage_date,
        workspace_id,
        workload_type,
        workload_id,
        cost_center_id,
        coalesce(job_run_id, dlt_update_id) as run_id,
        count(*) as record_count,
        count(case when is_serverless then 1 end) as serverless_record_count,
        count(case when not is_priced then 1 end) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        max(loaded_at) as fact_loaded_at

    from usage
    group by 1, 2, 3, 4, 5, 6

),

by_cost_center as (

    select
        usage_date,
        workspace_id,
        workload_type,
        workload_id,
        cost_center_id,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(serverless_record_count) as bigint) as serverless_record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        max(fact_loaded_at) as fact_loaded_at

    from by_run
    group by 1, 2, 3, 4, 5

),

runs as (

    -- a run whose records carry two cost centers is still one run
    select
        usage_date,
        workspace_id,
        workload_type,
        workload_id,
        count(distinct run_id) as run_count

    from by_run
    group by 1, 2, 3, 4

),

workload_daily as (

    select
        usage_date,
        workspace_id,
        workload_type,
        workload_id,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(serverless_record_count) as bigint) as serverless_record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        coalesce(sum(list_cost_usd), 0) as list_cost_usd,
        coalesce(sum(net_cost_usd), 0) as net_cost_usd,
        {{ finops_chargeback.dominant_cost_center('cost_center_id', 'coalesce(net_cost_usd, 0)') }} as cost_center_id,
        count(*) as cost_center_count,
        max(fact_loaded_at) as fact_loaded_at

    from by_cost_center
    group by 1, 2, 3, 4

),

final as (

    select
        workload_daily.usage_date,
        workload_daily.workspace_id,
        workload_daily.workload_type,
        workload_daily.workload_id,
        workload_daily.serverless_record_count,
        workload_daily.record_count,
        workload_daily.unpriced_record_count,
        runs.run_count,
        workload_daily.usage_quantity,
        workload_daily.list_cost_usd,
        workload_daily.net_cost_usd,
        workload_daily.cost_center_id,
        workload_daily.cost_center_count,
        workload_daily.fact_loaded_at

    from workload_daily
    inner join runs
        on
            workload_daily.usage_date = runs.usage_date
            and workload_daily.workspace_id = runs.workspace_id
            and workload_daily.workload_type = runs.workload_type
            and workload_daily.workload_id = runs.workload_id

)

select * from final
