-- The 25 most expensive job runs of the latest billing month in the data (runs that
-- started that month), with their job's name when system.lakeflow.jobs is enabled.
with

job_runs as (

    select * from {{ ref('fct_job_run_cost') }}

),

latest_month as (

    select max(billing_month) as billing_month
    from job_runs

),

final as (

    select
        job_runs.billing_month,
        job_runs.workspace_id,
        job_runs.job_id,
        job_runs.job_name,
        job_runs.job_run_id,
        job_runs.is_serverless,
        job_runs.first_usage_hour,
        job_runs.last_usage_hour,
        job_runs.dbu_quantity,
        job_runs.net_cost_usd,
        job_runs.cost_center_id

    from job_runs
    inner join latest_month
        on job_runs.billing_month = latest_month.billing_month

)

select * from final
order by 10 desc
limit 25
