{#-
    agg_endpoint_costs_daily with each row's endpoint resolved: rows whose records carry only
    an endpoint's name take the endpoint's id (agg_endpoint_ids). The one place the marts
    (fct_workload_cost_daily, fct_model_serving_cost_daily) fold names into ids. A view: the
    resolution can change with any new record, so it is never stored.
-#}
{{ config(materialized='view') }}

with

endpoint_costs as (

    select * from {{ ref('agg_endpoint_costs_daily') }}

),

endpoint_ids as (

    select * from {{ ref('agg_endpoint_ids') }}

),

final as (

    select
        endpoint_costs.*,
        coalesce(endpoint_costs.endpoint_id, endpoint_ids.endpoint_id) as resolved_endpoint_id,
        -- the endpoint's id, else (no id known anywhere) its name
        coalesce(endpoint_costs.endpoint_id, endpoint_ids.endpoint_id, endpoint_costs.endpoint_name, 'unknown')
            as endpoint_key

    from endpoint_costs
    left join endpoint_ids
        on
            endpoint_costs.endpoint_id is null
            and endpoint_costs.workspace_id = endpoint_ids.workspace_id
            and endpoint_costs.endpoint_name = endpoint_ids.endpoint_name

)

select * from final
