{#-
    Optional source: with `enable_account_prices` off the model is empty but typed. Not the
    optional_source macro: the source's price is a nested `pricing` struct, and an empty
    typed struct has no engine-neutral literal, so the empty branch yields the price column.
-#}
-- depends_on: {{ source('billing', 'account_prices') }}
with

source as (

    {% if var('enable_account_prices') -%}
        select * from {{ source('billing', 'account_prices') }}
    {%- else -%}
        select
            cast(null as string) as sku_name,
            cast(null as string) as cloud,
            cast(null as string) as currency_code,
            cast(null as string) as usage_unit,
            cast(null as timestamp) as price_start_time,
            cast(null as timestamp) as price_end_time,
            cast(null as decimal(38, 18)) as account_price
        where 1 = 0
    {%- endif %}

),

renamed as (

    select
        sku_name,
        cloud,
        currency_code,
        usage_unit,
        cast(price_start_time as timestamp) as price_start_time,
        cast(price_end_time as timestamp) as price_end_time,
        -- one stable type whatever the source's precision (the fact's contract)
        cast(
            {% if var('enable_account_prices') -%}
                coalesce(pricing.effective_list.default, pricing.default)
            {%- else -%}
                account_price
            {%- endif %} as decimal(38, 18)
        ) as account_price

    from source

)

select * from renamed
