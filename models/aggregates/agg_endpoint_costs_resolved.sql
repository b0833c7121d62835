{#-
    agg_endpoint_costs_daily with each row's endpoint resolved: rows whose records carry only
    an endpoint's name take the id that name resolves to in the workspace. The id comes from
    rows carrying both name and id (the id used last when a name was reused), else from
    served_entities (latest change) when that source is enabled. The one place the marts
    (fct_workload_cost_daily, fct_model_serving_cost_daily) fold names into ids. A view: the
    resolution can change with any new record, so it is never stored. The name-to-id lookup
    is a CTE here rather than a model of its own, so the budget marts downstream wait for one
    step less on every run.
-#}
{{ config(materialized='view') }}

with

endpoint_costs as (

    select * from {{ ref('agg_endpoint_costs_daily') }}

),

served_entities as (

    select * from {{ ref('stg_serving__served_entities') }}

),

ids_from_usage as (

    select
        workspace_id,
        endpoint_name,
        endpoint_id,
        max(last_usage_end_time) as last_seen_at,
        1 as source_priority

    from endpoint_costs
    where
        endpoint_name is not null
        and endpoint_id is not null
    group by 1, 2, 3

),

ids_from_served_entities as (

    select
        workspace_id,
        endpoint_name,
        endpoint_id,
        max(changed_at) as last_seen_at,
        2 as source_priority

    from served_entities
    where
        endpoint_name is not null
        and endpoint_id is not null
    group by 1, 2, 3

),

id_candidates as (

    select * from ids_from_usage
    union all
    select * from ids_from_served_entities

),

ranked_ids as (

    select
        workspace_id,
        endpoint_name,
        endpoint_id,
        row_number() over (
            partition by workspace_id, endpoint_name
            order by source_priority asc, last_seen_at desc, endpoint_id asc
        ) as candidate_rank

    from id_candidates

),

endpoint_ids as (

    -- one id per workspace and name: the lookup below never adds a row
    select * from ranked_ids
    where candidate_rank = 1

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
