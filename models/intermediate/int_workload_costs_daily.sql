{#-
    Cost per workload and day for every workload except serving endpoints, without names:
    the aggregation behind fct_workload_cost_daily, which adds the endpoints (resolved from
    their names through all records, so they are aggregated there on every run) and the
    workload names. Serverless records are aggregated (never counted as runs): run_count
    counts distinct job runs and pipeline updates.
    Incremental on DuckDB (macro fact_mart_materialization): a run re-aggregates only the
    usage days holding records loaded since the stored watermark, from all their records,
    and replaces them (delete+insert on usage_date).
-#}
{{ config(
    materialized=finops_chargeback.fact_mart_materialization(),
    incremental_strategy='delete+insert',
    unique_key='usage_date',
    on_schema_change='sync_all_columns',
) }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where
        workload_type != 'endpoint'
        -- on an incremental run, only the usage days with records loaded since the last run
        and {{ finops_chargeback.touched_by_new_records('usage_date', where="workload_type != 'endpoint'") }}

),

workload_daily as (

    {{ finops_chargeback.aggregate_serverless_usage(
        'usage',
        grain='workload_day',
        run_id='coalesce(job_run_id, dlt_update_id)',
        where=none,
        carry_columns=['loaded_at'],
    ) }}

),

final as (

    select
        usage_date,
        workspace_id,
        workload_type,
        workload_id,
        serverless_record_count,
        record_count,
        unpriced_record_count,
        run_count,
        usage_quantity,
        list_cost_usd,
        net_cost_usd,
        cost_center_id,
        cost_center_count,
        -- newest fct_billing_usage.loaded_at among the row's records (incremental watermark)
        loaded_at as fact_loaded_at

    from workload_daily

)

select * from final
