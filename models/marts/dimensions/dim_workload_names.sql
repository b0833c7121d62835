{#-
    The current name of every job, pipeline and SQL warehouse the optional sources know, one
    row per workload (docs block `workload_names`). Empty when those sources are disabled.
    The one place workloads are named: fct_workload_cost_daily, fct_job_run_cost and
    fct_focus_charges read it, so a rename shows everywhere on the next run.
-#}
with

jobs as (

    select * from {{ ref('stg_lakeflow__jobs') }}

),

pipelines as (

    select * from {{ ref('stg_lakeflow__pipelines') }}

),

warehouses as (

    select * from {{ ref('stg_compute__warehouses') }}

),

final as (

    -- each staging model has one row per workspace and id (tested there)
    select
        workspace_id,
        'job' as workload_type,
        job_id as workload_id,
        job_name as workload_name

    from jobs

    union all

    select
        workspace_id,
        'pipeline' as workload_type,
        pipeline_id as workload_id,
        pipeline_name as workload_name

    from pipelines

    union all

    select
        workspace_id,
        'warehouse' as workload_type,
        warehouse_id as workload_id,
        warehouse_name as workload_name

    from warehouses

)

select * from final
