{#-
    Cost of every job run (classic and serverless), without names: all records of a run,
    over all its hours, summed to one row. fct_job_run_cost adds the job names.
    Incremental on DuckDB (macro fact_mart_materialization): a run re-aggregates only the
    job runs holding records loaded since the stored watermark, from all their records, and
    replaces them (delete+insert on job_run_id, one column, so dbt's delete is a semi-join).
-#}
{{ config(
    materialized=finops_chargeback.fact_mart_materialization(),
    incremental_strategy='delete+insert',
    unique_key='job_run_id',
    on_schema_change='sync_all_columns',
) }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where
        job_run_id is not null
        -- on an incremental run, only the job runs with records loaded since the last run
        and {{ finops_chargeback.touched_by_new_records('job_run_id') }}

),

job_runs as (

    {{ finops_chargeback.aggregate_serverless_usage(
        'usage',
        grain=['workspace_id', 'job_id', 'job_run_id'],
        where=none,
        carry_columns=['loaded_at'],
    ) }}

),

final as (

    select
        workspace_id,
        job_id,
        job_run_id,
        first_usage_start_time,
        last_usage_start_time,
        serverless_record_count,
        record_count,
        unpriced_record_count,
        usage_quantity,
        list_cost_usd,
        net_cost_usd,
        cost_center_id,
        cost_center_count,
        -- newest fct_billing_usage.loaded_at among the run's records (incremental watermark)
        loaded_at as fact_loaded_at

    from job_runs

)

select * from final
