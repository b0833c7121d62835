{#-
    Serverless usage (from fct_billing_usage) at run and hour grain (the macro's default grain): the several billing
    records a serverless job run, pipeline update, notebook or endpoint writes in one hour
    become one row. A pipeline update counts as a run (run_id = job_run_id, else
    dlt_update_id); work without a run id (notebooks, endpoints) is one row per workload
    and hour with a null run_id.
-#}
with

usage as (

    select * from {{ ref('fct_billing_usage') }}

),

runs_hourly as (

    {{ finops_chargeback.aggregate_serverless_usage(
        'usage',
        run_id='coalesce(job_run_id, dlt_update_id)',
        carry_columns=['run_as'],
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
        cost_center_count

    from runs_hourly

)

select * from final
