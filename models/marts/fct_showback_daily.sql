{#-
    Showback: each record's direct attribution as it is; shared cost centers and UNALLOCATED
    are their own lines. Incremental on DuckDB (macro fact_mart_materialization): a run
    re-aggregates only the usage days holding records loaded since the stored watermark and
    replaces them (delete+insert on usage_date).
-#}
{{ config(
    materialized=finops_chargeback.fact_mart_materialization(),
    incremental_strategy='delete+insert',
    unique_key='usage_date',
    on_schema_change='sync_all_columns',
) }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    -- on an incremental run, only the usage days with records loaded since the last run
    where {{ finops_chargeback.touched_by_new_records('usage_date') }}

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
        sum(net_cost_usd) as net_cost_usd,
        max(loaded_at) as fact_loaded_at

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
        coalesce(net_cost_usd, cast(0 as {{ finops_chargeback.money_type() }})) as net_cost_usd,
        fact_loaded_at

    from daily

)

select * from final
