with

source as (

    select * from {{ source('billing', 'list_prices') }}

),

renamed as (

    select
        sku_name,
        cloud,
        currency_code,
        usage_unit,
        cast(price_start_time as timestamp) as price_start_time,
        cast(price_end_time as timestamp) as price_end_time,
        pricing.default as list_price,
        pricing.promotional.default as promotional_price,
        pricing.effective_list.default as effective_list_price,
        -- the price used for cost: effective list, falling back to the list price, in one
        -- stable type whatever the source's precision (the fact's contract)
        cast(coalesce(pricing.effective_list.default, pricing.default) as decimal(38, 18)) as unit_price

    from source

)

select * from renamed
