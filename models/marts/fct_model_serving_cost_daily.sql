{#-
    Model serving cost per day, workspace, endpoint and serving type, split into launch
    (scale-from-zero starts, the *_INFERENCE_LAUNCH_* SKUs), token (usage_type TOKEN) and
    inference (everything else) cost. Only billing_origin_product MODEL_SERVING: vector
    search is its own product and stays in fct_workload_cost_daily. Records carrying only
    endpoint_name are resolved to their endpoint's id (int_workload_endpoints). Requests and
    tokens come from endpoint_usage (through served_entities) when both sources are enabled.
    See the docs block `model_serving_cost`.
-#}
{%- set with_requests = var('enable_endpoint_usage_source') and var('enable_served_entities_source') %}
{%- if with_requests %}
    {%- set request_count = 'case when ranked.endpoint_day_rank = 1 then coalesce(requests_daily.request_count, 0) end' %}
{%- else %}
    {%- set request_count = 'cast(null as bigint)' %}
{%- endif %}
{%- set money = finops_chargeback.money_type() %}
with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where billing_origin_product = 'MODEL_SERVING'

),

endpoints as (

    select * from {{ ref('int_workload_endpoints') }}

),

served_entities as (

    select * from {{ ref('stg_serving__served_entities') }}

),

endpoint_usage as (

    select * from {{ ref('stg_serving__endpoint_usage') }}

),

serving_records as (

    select
        usage.usage_date,
        usage.workspace_id,
        coalesce(usage.endpoint_id, endpoints.endpoint_id, usage.endpoint_name, 'unknown') as endpoint,
        coalesce(usage.endpoint_id, endpoints.endpoint_id) as endpoint_id,
        usage.endpoint_name,
        coalesce(usage.serving_type, 'UNKNOWN') as serving_type,
        usage.usage_start_time,
        usage.usage_end_time,
        usage.is_serverless,
        usage.is_priced,
        usage.usage_quantity,
        usage.list_cost_usd,
        usage.net_cost_usd,
        usage.cost_center_id,
        case
            when usage.sku_name like '%INFERENCE_LAUNCH%' then 'launch'
            when usage.usage_type = 'TOKEN' then 'token'
            else 'inference'
        end as cost_component

    from usage
    left join endpoints
        on
            usage.endpoint_id is null
            and usage.workspace_id = endpoints.workspace_id
            and usage.endpoint_name = endpoints.endpoint_name

),

serving_components as (

    select
        *,
        case when cost_component = 'launch' then net_cost_usd end as launch_cost_usd,
        case when cost_component = 'inference' then net_cost_usd end as inference_cost_usd,
        case when cost_component = 'token' then net_cost_usd end as token_cost_usd

    from serving_records

),

serving_daily as (

    {{ finops_chargeback.aggregate_serverless_usage(
        'serving_components',
        grain=['usage_date', 'workspace_id', 'endpoint', 'serving_type'],
        run_id=none,
        where=none,
        sum_columns=['launch_cost_usd', 'inference_cost_usd', 'token_cost_usd'],
        carry_columns=['endpoint_id', 'endpoint_name'],
    ) }}

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
            order by net_cost_usd desc, serving_type asc
        ) as endpoint_day_rank

    from serving_daily

),

with_requests as (

    select
        ranked.*,
        {{ request_count }} as request_count,
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
        net_cost_usd as total_cost_usd,
        list_cost_usd,
        cost_center_id,
        cost_center_count,
        request_count,
        cast(input_tokens as bigint) as input_tokens,
        cast(output_tokens as bigint) as output_tokens,
        -- ratios are computed in double and stored at money precision
        case
            when request_count > 0
                then cast(cast(net_cost_usd as double) * 1000 / request_count as {{ money }})
        end as cost_per_1k_requests_usd,
        case
            when token_count > 0
                then cast(cast(net_cost_usd as double) * 1000000 / token_count as {{ money }})
        end as cost_per_million_tokens_usd

    from with_requests

)

select * from final
