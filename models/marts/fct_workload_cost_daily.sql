{#-
    Cost per workload and day. Serverless records are aggregated (never counted as runs):
    run_count counts distinct job runs and pipeline updates. Every workload but serving
    endpoints comes from int_workload_costs_daily (incremental on DuckDB). Endpoints are
    aggregated here on every run, because records that carry only endpoint_name are folded
    into their endpoint's id (int_workload_endpoints), which later records can change.
    Names come from the optional sources when enabled (null otherwise; endpoints always
    have their name from the usage records), joined here so they are never stale.
-#}
with

workloads as (

    select * from {{ ref('int_workload_costs_daily') }}

),

usage as (

    select * from {{ ref('fct_billing_usage') }}

),

endpoints as (

    select * from {{ ref('int_workload_endpoints') }}

),

jobs as (

    select * from {{ ref('stg_lakeflow__jobs') }}

),

pipelines as (

    select * from {{ ref('stg_lakeflow__pipelines') }}

),

warehouses as (

    select * from {{ ref('stg_compute__warehouses') }}

),

endpoint_usage as (

    select
        usage.usage_date,
        usage.workspace_id,
        usage.workload_type,
        case
            when usage.endpoint_id is null
                then coalesce(endpoints.endpoint_id, usage.workload_id)
            else usage.workload_id
        end as workload_id,
        usage.endpoint_name,
        usage.job_run_id,
        usage.dlt_update_id,
        usage.usage_start_time,
        usage.usage_end_time,
        usage.is_serverless,
        usage.is_priced,
        usage.usage_quantity,
        usage.list_cost_usd,
        usage.net_cost_usd,
        usage.cost_center_id

    from usage
    left join endpoints
        on
            usage.endpoint_id is null
            and usage.workspace_id = endpoints.workspace_id
            and usage.endpoint_name = endpoints.endpoint_name
    where usage.workload_type = 'endpoint'

),

endpoint_daily as (

    {{ finops_chargeback.aggregate_serverless_usage(
        'endpoint_usage',
        grain='workload_day',
        run_id='coalesce(job_run_id, dlt_update_id)',
        where=none,
        carry_columns=['endpoint_name'],
    ) }}

),

all_workloads as (

    -- endpoints and every other workload never share a key: workload_type differs
    select
        usage_date,
        workspace_id,
        workload_type,
        workload_id,
        cast(null as {{ dbt.type_string() }}) as endpoint_name,
        serverless_record_count,
        record_count,
        unpriced_record_count,
        run_count,
        usage_quantity,
        list_cost_usd,
        net_cost_usd,
        cost_center_id,
        cost_center_count

    from workloads

    union all

    select
        usage_date,
        workspace_id,
        workload_type,
        workload_id,
        endpoint_name,
        serverless_record_count,
        record_count,
        unpriced_record_count,
        run_count,
        usage_quantity,
        list_cost_usd,
        net_cost_usd,
        cost_center_id,
        cost_center_count

    from endpoint_daily

),

final as (

    select
        all_workloads.usage_date,
        {{ finops_chargeback.month_start('all_workloads.usage_date') }} as billing_month,
        all_workloads.workspace_id,
        all_workloads.workload_type,
        all_workloads.workload_id,
        case all_workloads.workload_type
            when 'job' then jobs.job_name
            when 'pipeline' then pipelines.pipeline_name
            when 'warehouse' then warehouses.warehouse_name
            when 'endpoint' then all_workloads.endpoint_name
        end as workload_name,
        all_workloads.serverless_record_count > 0 as is_serverless,
        all_workloads.record_count,
        all_workloads.unpriced_record_count,
        all_workloads.run_count,
        all_workloads.usage_quantity,
        all_workloads.list_cost_usd,
        all_workloads.net_cost_usd,
        all_workloads.cost_center_id,
        all_workloads.cost_center_count

    from all_workloads
    left join jobs
        on
            all_workloads.workload_type = 'job'
            and all_workloads.workspace_id = jobs.workspace_id
            and all_workloads.workload_id = jobs.job_id
    left join pipelines
        on
            all_workloads.workload_type = 'pipeline'
            and all_workloads.workspace_id = pipelines.workspace_id
            and all_workloads.workload_id = pipelines.pipeline_id
    left join warehouses
        on
            all_workloads.workload_type = 'warehouse'
            and all_workloads.workspace_id = warehouses.workspace_id
            and all_workloads.workload_id = warehouses.warehouse_id

)

select * from final
