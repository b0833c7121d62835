{#- Showback: each record's direct attribution as it is; shared cost centers and UNALLOCATED are their own lines. -#}
with

usage as (

    select * from {{ ref('fct_billing_usage') }}

),

daily as (

    select
        usage_date,
        workspace_id,
        cost_center_id,
        billing_origin_product,
        sku_name,
        min(billing_month) as billing_month,
        count(*) as record_count,
        sum(case when is_priced then 0 else 1 end) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd

    from usage
    group by 1, 2, 3, 4, 5

),

final as (

    select
        usage_date,
        billing_month,
        workspace_id,
        cost_center_id,
        billing_origin_product,
        sku_name,
        record_count,
        unpriced_record_count,
        usage_quantity,
        coalesce(list_cost_usd, cast(0 as {{ finops_chargeback.money_type() }})) as list_cost_usd,
        coalesce(net_cost_usd, cast(0 as {{ finops_chargeback.money_type() }})) as net_cost_usd

    from daily

)

select * from final
