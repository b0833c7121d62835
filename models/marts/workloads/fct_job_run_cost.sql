{#-
    Cost of every job run (classic and serverless), one row per run (agg_job_run_costs),
    with the job's name from dim_workload_names (system.lakeflow.jobs when enabled).
    Incremental (docs block `incremental_runs`): a run writes the job runs agg_job_run_costs
    aggregated again since the newest fact_loaded_at stored here, and every run of a job whose
    name changed (renamed, deleted or newly known), so a stored name is never stale.
-#}
{{ config(
    materialized=finops_chargeback.fact_aggregate_materialization(),
    unique_key='job_run_id',
    on_schema_change='append_new_columns',
) }}
{%- set watermark = finops_chargeback.fact_watermark() -%}
{%- if watermark is not none and not finops_chargeback.can_read_own_rows_while_replacing() -%}
    {#- the renamed jobs are found in the stored rows; an engine that would read them after
        deleting them (can_read_own_rows_while_replacing) writes every run instead -#}
    {%- set watermark = none -%}
{%- endif %}

with

jobs as (

    -- the jobs' current names, from the one place workloads are named
    select
        workspace_id,
        workload_id as job_id,
        workload_name as job_name

    from {{ ref('dim_workload_names') }}
    where workload_type = 'job'

),

job_runs as (

    select aggregated_runs.* from {{ ref('agg_job_run_costs') }} as aggregated_runs
    {%- if watermark is not none %}
    -- the runs aggregated again since the last run, and every run of a job whose stored
    -- name is not the current one
    where
        aggregated_runs.fact_loaded_at > cast('{{ watermark }}' as timestamp)
        or exists (
            select 1
            from {{ this }} as stored_runs
            left join jobs
                on
                    stored_runs.workspace_id = jobs.workspace_id
                    and stored_runs.job_id = jobs.job_id
            where
                stored_runs.workspace_id = aggregated_runs.workspace_id
                and stored_runs.job_id = aggregated_runs.job_id
                and stored_runs.job_name is distinct from jobs.job_name
        )
    {%- endif %}

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
        job_runs.cost_center_count,
        job_runs.fact_loaded_at,
        -- when this run wrote the row: the scoped key test checks the rows written since
        -- the tested watermark (a renamed job's runs keep their records' fact_loaded_at)
        {{ finops_chargeback.fact_run_loaded_at() }} as written_at

    from job_runs
    left join jobs
        on
            job_runs.workspace_id = jobs.workspace_id
            and job_runs.job_id = jobs.job_id

)

select * from final
