{#- Usage that found no list price: kept in fct_billing_usage with is_priced = false and listed here. -#}
with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where not is_priced

),

final as (

    select
        usage_date,
        workspace_id,
        sku_name,
        cloud,
        usage_unit,
        billing_origin_product,
        count(*) as record_count,
        sum(usage_quantity) as usage_quantity,
        min(ingestion_date) as first_ingestion_date,
        max(ingestion_date) as last_ingestion_date

    from usage
    group by 1, 2, 3, 4, 5, 6

)

select * from final
