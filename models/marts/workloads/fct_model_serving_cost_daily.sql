{#-
    Model serving cost per day, workspace, endpoint and serving type, split into launch
    (scale-from-zero starts), inference and token cost (docs block `model_serving_cost`).
    Only billing_origin_product MODEL_SERVING: vector search is its own product and stays in
    fct_workload_cost_daily. Records carrying only endpoint_name are folded into their
    endpoint's id (agg_endpoint_ids). Requests and tokens come from endpoint_usage (through
    served_entities) when both sources are enabled; otherwise request_count is null.
-#}
{%- set request_sources_enabled = (
    var('enable_endpoint_usage_source') and var('enable_served_entities_source')
) | lower %}

with

endpoint_costs as (

    select * from {{ ref('agg_endpoint_costs_daily') }}
    where billing_origin_product = 'MODEL_SERVING'

),

endpoint_ids as (

    select * from {{ ref('agg_endpoint_ids') }}

),

served_entities as (

    select * from {{ ref('stg_serving__served_entities') }}

),

endpoint_usage as (

    select * from {{ ref('stg_serving__endpoint_usage') }}

),

by_cost_center as (

    select
        endpoint_costs.usage_date,
        endpoint_costs.workspace_id,
        coalesce(
            endpoint_costs.endpoint_id, endpoint_ids.endpoint_id, endpoint_costs.endpoint_name, 'unknown'
        ) as endpoint,
        coalesce(endpoint_costs.serving_type, 'UNKNOWN') as serving_type,
        endpoint_costs.cost_center_id,
        max(coalesce(endpoint_costs.endpoint_id, endpoint_ids.endpoint_id)) as endpoint_id,
        max(endpoint_costs.endpoint_name) as endpoint_name,
        cast(sum(endpoint_costs.record_count) as bigint) as record_count,
        cast(sum(endpoint_costs.unpriced_record_count) as bigint) as unpriced_record_count,
        sum(endpoint_costs.launch_cost_usd) as launch_cost_usd,
        sum(endpoint_costs.inference_cost_usd) as inference_cost_usd,
        sum(endpoint_costs.token_cost_usd) as token_cost_usd,
        sum(endpoint_costs.net_cost_usd) as net_cost_usd,
        sum(endpoint_costs.list_cost_usd) as list_cost_usd

    from endpoint_costs
    left join endpoint_ids
        on
            endpoint_costs.endpoint_id is null
            and endpoint_costs.workspace_id = endpoint_ids.workspace_id
            and endpoint_costs.endpoint_name = endpoint_ids.endpoint_name
    group by 1, 2, 3, 4, 5

),

serving_daily as (

    select
        usage_date,
        workspace_id,
        endpoint,
        serving_type,
        max(endpoint_id) as endpoint_id,
        max(endpoint_name) as endpoint_name,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        coalesce(sum(launch_cost_usd), 0) as launch_cost_usd,
        coalesce(sum(inference_cost_usd), 0) as inference_cost_usd,
        coalesce(sum(token_cost_usd), 0) as token_cost_usd,
        coalesce(sum(net_cost_usd), 0) as total_cost_usd,
        coalesce(sum(list_cost_usd), 0) as list_cost_usd,
        {{ finops_chargeback.dominant_cost_center('cost_center_id', 'coalesce(net_cost_usd, 0)') }} as cost_center_id,
        count(*) as cost_center_count

    from by_cost_center
    group by 1, 2, 3, 4

),

requests_daily as (

    select
        endpoint_usage.request_date as usage_date,
        endpoint_usage.workspace_id,
        served_entities.endpoint_id as endpoint,
        count(*) as request_count,
        sum(endpoint_usage.input_token_count) as input_tokens,
        sum(endpoint_usage.output_token_count) as output_tokens

    from endpoint_usage
    inner join served_entities
        on endpoint_usage.served_entity_id = served_entities.served_entity_id
    group by 1, 2, 3

),

ranked as (

    -- requests belong to the endpoint, not to a serving type: they go on the endpoint's
    -- costliest serving-type row of the day, so they are never counted twice
    select
        *,
        row_number() over (
            partition by usage_date, workspace_id, endpoint
            order by total_cost_usd desc, serving_type asc
        ) as endpoint_day_rank

    from serving_daily

),

with_requests as (

    select
        ranked.*,
        -- null when the request sources are off (unknown), 0 when on and none were made
        case
            when {{ request_sources_enabled }} and ranked.endpoint_day_rank = 1
                then coalesce(requests_daily.request_count, 0)
        end as request_count,
        requests_daily.input_tokens,
        requests_daily.output_tokens,
        coalesce(requests_daily.input_tokens, 0) + coalesce(requests_daily.output_tokens, 0) as token_count

    from ranked
    left join requests_daily
        on
            ranked.endpoint_day_rank = 1
            and ranked.usage_date = requests_daily.usage_date
            and ranked.workspace_id = requests_daily.workspace_id
            and ranked.endpoint = requests_daily.endpoint

),

final as (

    select
        usage_date,
        {{ finops_chargeback.month_start('usage_date') }} as billing_month,
        workspace_id,
        endpoint,
        endpoint_id,
        endpoint_name,
        serving_type,
        record_count,
        unpriced_record_count,
        launch_cost_usd,
        inference_cost_usd,
        token_cost_usd,
        total_cost_usd,
        list_cost_usd,
        cost_center_id,
        cost_center_count,
        cast(request_count as bigint) as request_count,
        cast(input_tokens as bigint) as input_tokens,
        cast(output_tokens as bigint) as output_tokens,
        -- ratios are computed in double and stored at money precision
        cast(
            {{ finops_chargeback.share_of('cast(total_cost_usd as double) * 1000', 'request_count') }}
            as {{ finops_chargeback.money_type() }}
        ) as cost_per_1k_requests_usd,
        cast(
            {{ finops_chargeback.share_of('cast(total_cost_usd as double) * 1000000', 'token_count') }}
            as {{ finops_chargeback.money_type() }}
        ) as cost_per_million_tokens_usd

    from with_requests

)

select * from final
