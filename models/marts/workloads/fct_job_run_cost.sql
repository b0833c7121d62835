{#-
    Cost of every job run (classic and serverless), one row per run (agg_job_run_costs),
    with the job's name from system.lakeflow.jobs when enabled, joined on every run so a
    renamed job is never stale.
-#}
with

job_runs as (

    select * from {{ ref('agg_job_run_costs') }}

),

jobs as (

    select * from {{ ref('stg_lakeflow__jobs') }}

),

final as (

    select
        job_runs.workspace_id,
        job_runs.job_id,
        job_runs.job_run_id,
        jobs.job_name,
        {{ finops_chargeback.month_start('job_runs.first_usage_start_time') }} as billing_month,
        date_trunc('hour', job_runs.first_usage_start_time) as first_usage_hour,
        date_trunc('hour', job_runs.last_usage_start_time) as last_usage_hour,
        job_runs.serverless_record_count > 0 as is_serverless,
        job_runs.record_count,
        job_runs.unpriced_record_count,
        job_runs.usage_quantity as dbu_quantity,
        job_runs.list_cost_usd,
        job_runs.net_cost_usd,
        job_runs.cost_center_id,
        job_runs.cost_center_count

    from job_runs
    left join jobs
        on
            job_runs.workspace_id = jobs.workspace_id
            and job_runs.job_id = jobs.job_id

)

select * from final
