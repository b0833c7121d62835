{#-
    Net cost per usage day and tag (key=value), keys and values normalised like attribution
    (so `Team=ML` and `team = ml` are one tag). A record counts once for each distinct tag
    it carries; one record with two spellings of the same key and value counts once for it.
    Tag budgets (fct_budget_status) read it. Incremental: the usage days that received
    records since the last run are aggregated again (docs block `incremental_runs`).
-#}
{{ config(materialized=finops_chargeback.fact_aggregate_materialization(), unique_key='usage_date') }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where
        custom_tags is not null
        and {{ finops_chargeback.usage_date_is_touched('usage_date') }}

),

record_tags as (

    -- one row per record and distinct normalised tag
    select
        usage_date,
        billing_month,
        is_priced,
        net_cost_usd,
        list_cost_usd,
        loaded_at,
        {{ finops_chargeback.explode_array(finops_chargeback.distinct_normalized_tags('custom_tags')) }} as tag

    from usage

),

final as (

    select
        usage_date,
        tag.key as tag_key,
        tag.value as tag_value,
        min(billing_month) as billing_month,
        count(*) as record_count,
        count(case when not is_priced then 1 end) as unpriced_record_count,
        coalesce(sum(list_cost_usd), cast(0 as {{ finops_chargeback.money_type() }})) as list_cost_usd,
        coalesce(sum(net_cost_usd), cast(0 as {{ finops_chargeback.money_type() }})) as net_cost_usd,
        max(loaded_at) as fact_loaded_at

    from record_tags
    group by 1, 2, 3

)

select * from final
