{#-
    Cost of serving endpoints (and of every MODEL_SERVING record) per day, workspace,
    endpoint as the records name it (id and name), serving type and cost center, split into
    launch, inference and token cost (docs block `model_serving_cost`). Some records carry
    only the endpoint's name: they are kept apart here, and the marts fold them into the
    endpoint's id on every run (agg_endpoint_costs_resolved), so the resolution is never stale.
    Incremental: the usage days that received records since the last run are aggregated
    again (docs block `incremental_runs`).
-#}
{{ config(materialized=finops_chargeback.fact_aggregate_materialization(), unique_key='usage_date') }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where
        (workload_type = 'endpoint' or billing_origin_product = 'MODEL_SERVING')
        and {{ finops_chargeback.usage_date_is_touched('usage_date') }}

),

components as (

    select
        *,
        case
            when sku_name like '%INFERENCE_LAUNCH%' then 'launch'
            when usage_type = 'TOKEN' then 'token'
            else 'inference'
        end as cost_component

    from usage

),

final as (

    select
        usage_date,
        workspace_id,
        workload_type,
        billing_origin_product,
        serving_type,
        endpoint_id,
        endpoint_name,
        cost_center_id,
        count(*) as record_count,
        count(case when is_serverless then 1 end) as serverless_record_count,
        count(case when not is_priced then 1 end) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        sum(case when cost_component = 'launch' then net_cost_usd end) as launch_cost_usd,
        sum(case when cost_component = 'inference' then net_cost_usd end) as inference_cost_usd,
        sum(case when cost_component = 'token' then net_cost_usd end) as token_cost_usd,
        max(usage_end_time) as last_usage_end_time,
        max(loaded_at) as fact_loaded_at

    from components
    group by 1, 2, 3, 4, 5, 6, 7, 8

)

select * from final
