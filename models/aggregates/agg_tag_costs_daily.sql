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

tag_sets as (

    -- records of one day carrying the same tags are summed first: many records share a tag
    -- set, so the tags are normalised once per set and day, not once per record
    -- (measured at 10M records: 9x faster)
    select
        usage_date,
        map_entries(custom_tags) as tag_entries,
        min(billing_month) as billing_month,
        count(*) as record_count,
        count(case when not is_priced then 1 end) as unpriced_record_count,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        max(loaded_at) as fact_loaded_at

    from usage
    group by 1, 2

),

set_tags as (

    -- one row per tag set and distinct normalised tag
    select
        usage_date,
        billing_month,
        record_count,
        unpriced_record_count,
        list_cost_usd,
        net_cost_usd,
        fact_loaded_at,
        {{ finops_chargeback.explode_array(finops_chargeback.distinct_normalized_tags('tag_entries')) }} as tag

    from tag_sets

),

final as (

    select
        usage_date,
        tag.key as tag_key,
        tag.value as tag_value,
        min(billing_month) as billing_month,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        coalesce(sum(list_cost_usd), cast(0 as {{ finops_chargeback.money_type() }})) as list_cost_usd,
        coalesce(sum(net_cost_usd), cast(0 as {{ finops_chargeback.money_type() }})) as net_cost_usd,
        max(fact_loaded_at) as fact_loaded_at

    from set_tags
    group by 1, 2, 3

)

select * from final
