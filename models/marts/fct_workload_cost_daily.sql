{#-
    Cost per workload and day. Serverless records are aggregated (never counted as runs):
    run_count counts distinct job runs and pipeline updates. Endpoint records that carry
    only endpoint_name are folded into their endpoint's id (int_workload_endpoints).
    Names come from the optional sources when enabled (null otherwise; endpoints always
    have their name from the usage records).
-#}
with

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

usage_resolved as (

    select
        usage.usage_date,
        usage.workspace_id,
        usage.workload_type,
        case
            when usage.workload_type = 'endpoint' and usage.endpoint_id is null
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
            usage.workload_type = 'endpoint'
            and usage.endpoint_id is null
            and usage.workspace_id = endpoints.workspace_id
            and usage.endpoint_name = endpoints.endpoint_name

),

workload_daily as (

    {{ finops_chargeback.aggregate_serverless_usage(
        'usage_resolved',
        grain='workload_day',
        run_id='coalesce(job_run_id, dlt_update_id)',
        where=none,
        carry_columns=['endpoint_name'],
    ) }}

),

final as (

    select
        workload_daily.usage_date,
        {{ finops_chargeback.month_start('workload_daily.usage_date') }} as billing_month,
        workload_daily.workspace_id,
        workload_daily.workload_type,
        workload_daily.workload_id,
        case workload_daily.workload_type
            when 'job' then jobs.job_name
            when 'pipeline' then pipelines.pipeline_name
            when 'warehouse' then warehouses.warehouse_name
            when 'endpoint' then workload_daily.endpoint_name
        end as workload_name,
        workload_daily.serverless_record_count > 0 as is_serverless,
        workload_daily.record_count,
        workload_daily.unpriced_record_count,
        workload_daily.run_count,
        workload_daily.usage_quantity,
        workload_daily.list_cost_usd,
        workload_daily.net_cost_usd,
        workload_daily.cost_center_id,
        workload_daily.cost_center_count

    from workload_daily
    left join jobs
        on
            workload_daily.workload_type = 'job'
            and workload_daily.workspace_id = jobs.workspace_id
            and workload_daily.workload_id = jobs.job_id
    left join pipelines
        on
            workload_daily.workload_type = 'pipeline'
            and workload_daily.workspace_id = pipelines.workspace_id
            and workload_daily.workload_id = pipelines.pipeline_id
    left join warehouses
        on
            workload_daily.workload_type = 'warehouse'
            and workload_daily.workspace_id = warehouses.workspace_id
            and workload_daily.workload_id = warehouses.warehouse_id

)

select * from final
