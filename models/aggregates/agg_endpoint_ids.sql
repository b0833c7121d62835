{#-
    Resolves a serving endpoint's id from its name, per workspace. Some billing records of
    an endpoint carry only endpoint_name; they belong to the same endpoint as the records
    that carry both. The id is taken from records carrying both name and id (the id used
    last when a name was reused), else from served_entities (latest change) when that
    source is enabled. Rebuilt on every run from the daily endpoint aggregate.
-#}
with

endpoint_costs as (

    select * from {{ ref('agg_endpoint_costs_daily') }}

),

served_entities as (

    select * from {{ ref('stg_serving__served_entities') }}

),

from_usage as (

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

from_served_entities as (

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

candidates as (

    select * from from_usage
    union all
    select * from from_served_entities

),

ranked as (

    select
        workspace_id,
        endpoint_name,
        endpoint_id,
        source_priority,
        row_number() over (
            partition by workspace_id, endpoint_name
            order by source_priority asc, last_seen_at desc, endpoint_id asc
        ) as candidate_rank

    from candidates

),

id_counts as (

    -- distinct window aggregates do not exist on Spark: count in a grouped CTE
    select
        workspace_id,
        endpoint_name,
        count(distinct endpoint_id) as endpoint_id_count

    from candidates
    group by 1, 2

),

final as (

    select
        ranked.workspace_id,
        ranked.endpoint_name,
        ranked.endpoint_id,
        case ranked.source_priority
            when 1 then 'usage'
            else 'served_entities'
        end as resolved_from,
        id_counts.endpoint_id_count

    from ranked
    inner join id_counts
        on
            ranked.workspace_id = id_counts.workspace_id
            and ranked.endpoint_name = id_counts.endpoint_name
    where ranked.candidate_rank = 1

)

select * from final
