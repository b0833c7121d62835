-- Serving endpoints ranked by model serving cost over the last 30 days of data, with the
-- share of launch (scale-from-zero) cost and the cost per 1,000 requests when known.
with

serving as (

    select * from {{ ref('fct_model_serving_cost_daily') }}

),

window_start as (

    select {{ dbt.dateadd('day', -29, 'max(usage_date)') }} as start_date
    from serving

),

by_endpoint as (

    select
        serving.workspace_id,
        serving.endpoint,
        max(serving.endpoint_name) as endpoint_name,
        sum(serving.total_cost_usd) as total_cost_usd,
        sum(serving.launch_cost_usd) as launch_cost_usd,
        sum(serving.inference_cost_usd) as inference_cost_usd,
        sum(serving.token_cost_usd) as token_cost_usd,
        sum(serving.request_count) as request_count

    from serving
    cross join window_start
    where serving.usage_date >= window_start.start_date
    group by 1, 2

),

final as (

    select
        workspace_id,
        endpoint,
        endpoint_name,
        total_cost_usd,
        launch_cost_usd,
        inference_cost_usd,
        token_cost_usd,
        case
            when total_cost_usd > 0 then cast(launch_cost_usd as double) / cast(total_cost_usd as double)
        end as launch_share,
        request_count,
        case
            when request_count > 0 then cast(total_cost_usd as double) * 1000 / request_count
        end as cost_per_1k_requests_usd

    from by_endpoint

)

select * from final
order by 4 desc
limit 20
