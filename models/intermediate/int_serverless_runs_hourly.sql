{#-
    Serverless usage (from fct_billing_usage) at run and hour grain (the macro's default grain): the several billing
    records a serverless job run, pipeline update, notebook or endpoint writes in one hour
    become one row. A pipeline update counts as a run (run_id = job_run_id, else
    dlt_update_id); work without a run id (notebooks, endpoints) is one row per workload
    and hour with a null run_id.
    Incremental on DuckDB (macro fact_mart_materialization): a run re-aggregates only the
    usage days holding records loaded since the stored watermark. The key is one column:
    dbt then deletes `where usage_date in (select usage_date from <new rows>)`, a semi-join
    (with a column list it would join every stored row to every new row of its key).
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
    -- on an incremental run, only the usage days with serverless records loaded since the last run
    where {{ finops_chargeback.touched_by_new_records('cast(usage_start_time as date)', where='is_serverless') }}

),

runs_hourly as (

    {{ finops_chargeback.aggregate_serverless_usage(
        'usage',
        run_id='coalesce(job_run_id, dlt_update_id)',
        carry_columns=['run_as', 'loaded_at'],
    ) }}

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
        -- newest fct_billing_usage.loaded_at among the row's records (incremental watermark)
        loaded_at as fact_loaded_at

    from runs_hourly

)

select * from final
