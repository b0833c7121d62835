-- Endpoints whose launch cost (starts after scaling to zero) is more than
-- `serving_launch_share_threshold` (default 0.05) of their model serving cost, per month:
-- candidates for a longer scale-to-zero delay or a minimum of one provisioned instance.
with

serving as (

    select * from {{ ref('fct_model_serving_cost_daily') }}

),

by_endpoint_month as (

    select
        billing_month,
        workspace_id,
        endpoint,
        max(endpoint_name) as endpoint_name,
        sum(launch_cost_usd) as launch_cost_usd,
        sum(total_cost_usd) as total_cost_usd,
        sum(case when launch_cost_usd > 0 then 1 else 0 end) as days_with_launches

    from serving
    group by 1, 2, 3

),

with_share as (

    select
        *,
        {{ finops_chargeback.share_of('launch_cost_usd', 'total_cost_usd') }} as launch_share

    from by_endpoint_month
    where total_cost_usd > 0

),

final as (

    select
        billing_month,
        workspace_id,
        endpoint,
        endpoint_name,
        launch_cost_usd,
        total_cost_usd,
        days_with_launches,
        launch_share

    from with_share
    where launch_share > {{ var('serving_launch_share_threshold') }}

)

select * from final
order by 1 desc, 8 desc
