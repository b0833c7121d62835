{#-
    Serverless usage at run and hour grain: the several billing records a serverless job run,
    pipeline update, notebook or endpoint writes in one hour become one row (macro
    aggregate_serverless_usage). A pipeline update counts as a run (run_id = job_run_id,
    else dlt_update_id); work without a run id (notebooks, endpoints) is one row per
    workload and hour with a null run_id. Incremental: the usage days that received records
    since the last run are aggregated again (docs block `incremental_runs`).
-#}
{{ config(materialized=finops_chargeback.fact_aggregate_materialization(), unique_key='usage_date') }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    -- the key, usage_date, is the date of the run-hour's start
    where {{ finops_chargeback.usage_date_is_touched(
        'cast(usage_start_time as date)', timestamp_column='usage_start_time'
    ) }}

),

runs_by_cost_center as (

    {{ finops_chargeback.aggregate_serverless_usage('usage') }}

),

runs_hourly as (

    select
        workspace_id,
        workload_type,
        workload_id,
        run_id,
        usage_hour,
        max(run_as) as run_as,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        coalesce(sum(list_cost_usd), 0) as list_cost_usd,
        coalesce(sum(net_cost_usd), 0) as net_cost_usd,
        {{ finops_chargeback.dominant_cost_center('cost_center_id', 'coalesce(net_cost_usd, 0)') }} as cost_center_id,
        count(*) as cost_center_count,
        max(fact_loaded_at) as fact_loaded_at

    from runs_by_cost_center
    group by 1, 2, 3, 4, 5

),

final as (

    select
        workspace_id,
        workload_type,
        workload_id,
        run_id,
        usage_hour,
        cast(usage_hour as date) as usage_date,
        {{ finops_chargeback.month_start('usage_hour') }} as billing_month,
        run_as,
        record_count,
        unpriced_record_count,
        usage_quantity,
        list_cost_usd,
        net_cost_usd,
        cost_center_id,
        cost_center_count,
        fact_loaded_at

    from runs_hourly

)

select * from final
