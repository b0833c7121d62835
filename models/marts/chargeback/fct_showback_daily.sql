{#-
    Showback: each record's direct attribution as it is; shared cost centers and UNALLOCATED
    are their own lines. Incremental: the usage days that received records since the last
    run are aggregated again (docs block `incremental_runs`).
-#}
{{ config(
    materialized=finops_chargeback.fact_aggregate_materialization(),
    unique_key='usage_date',
    on_schema_change='append_new_columns',
) }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where {{ finops_chargeback.usage_date_is_touched('usage_date') }}

),

final as (

    select
        usage_date,
        min(billing_month) as billing_month,
        workspace_id,
        cost_center_id,
        billing_origin_product,
        sku_name,
        count(*) as record_count,
        count(case when not is_priced then 1 end) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        coalesce(sum(list_cost_usd), 0) as list_cost_usd,
        coalesce(sum(net_cost_usd), 0) as net_cost_usd,
        max(loaded_at) as fact_loaded_at

    from usage
    group by 1, 3, 4, 5, 6

)

select * from final
