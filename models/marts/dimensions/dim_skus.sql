with

usage as (

    select * from {{ ref('fct_billing_usage') }}

),

list_prices as (

    select * from {{ ref('stg_billing__list_prices') }}
    where currency_code = '{{ var("currency_code") }}'

),

usage_by_sku as (

    select
        sku_name,
        max(usage_unit) as usage_unit,
        max(billing_origin_product) as billing_origin_product,
        min(usage_date) as first_usage_date,
        max(usage_date) as last_usage_date,
        count(*) as record_count,
        max(case when is_serverless then 1 else 0 end) = 1 as is_serverless,
        min(case when is_priced then 1 else 0 end) = 0 as has_unpriced_usage

    from usage
    group by 1

),

current_prices as (

    select
        sku_name,
        max(usage_unit) as price_usage_unit,
        max(list_price) as current_list_price,
        max(unit_price) as current_unit_price,
        count(*) as price_period_count

    from list_prices
    where price_end_time is null
    group by 1

),

all_skus as (

    select sku_name from usage_by_sku
    union
    select sku_name from list_prices

),

final as (

    select
        all_skus.sku_name,
        coalesce(usage_by_sku.usage_unit, current_prices.price_usage_unit) as usage_unit,
        usage_by_sku.billing_origin_product,
        coalesce(usage_by_sku.is_serverless, false) as is_serverless,
        all_skus.sku_name like '%INFERENCE_LAUNCH%' as is_model_serving_launch,
        current_prices.current_list_price,
        current_prices.current_unit_price,
        current_prices.sku_name is not null as has_current_price,
        coalesce(usage_by_sku.has_unpriced_usage, false) as has_unpriced_usage,
        usage_by_sku.first_usage_date,
        usage_by_sku.last_usage_date,
        coalesce(usage_by_sku.record_count, 0) as record_count

    from all_skus
    left join usage_by_sku on all_skus.sku_name = usage_by_sku.sku_name
    left join current_prices on all_skus.sku_name = current_prices.sku_name

)

select * from final
