{#-
    Cost of every job run (classic and serverless), without names: all records of a run,
    over all its hours and days, summed to one row; the cost center is the one with the
    largest cost. Incremental: the job runs holding records loaded since the last run are
    aggregated again from all their records (delete+insert on job_run_id; docs block
    `incremental_runs`).
-#}
{{ config(materialized=finops_chargeback.fact_aggregate_materialization(), unique_key='job_run_id') }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where
        job_run_id is not null
        -- every record of the runs that received a record since the last run
        and {{ finops_chargeback.record_key_is_touched(
            'job_run_id', time_column='usage_start_time', first_time_column='first_usage_start_time'
        ) }}

),

by_cost_center as (

    select
        workspace_id,
        job_id,
        job_run_id,
        cost_center_id,
        min(usage_start_time) as first_usage_start_time,
        max(usage_start_time) as last_usage_start_time,
        count(*) as record_count,
        count(case when is_serverless then 1 end) as serverless_record_count,
        count(case when not is_priced then 1 end) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        max(loaded_at) as fact_loaded_at

    from usage
    group by 1, 2, 3, 4

),

final as (

    select
        workspace_id,
        job_id,
        job_run_id,
        min(first_usage_start_time) as first_usage_start_time,
        max(last_usage_start_time) as last_usage_start_time,
        cast(sum(serverless_record_count) as bigint) as serverless_record_count,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        coalesce(sum(list_cost_usd), 0) as list_cost_usd,
        coalesce(sum(net_cost_usd), 0) as net_cost_usd,
        {{ finops_chargeback.dominant_cost_center('cost_center_id', 'coalesce(net_cost_usd, 0)') }} as cost_center_id,
        count(*) as cost_center_count,
        max(fact_loaded_at) as fact_loaded_at

    from by_cost_center
    group by 1, 2, 3

)

select * from final
