{#-
    Net cost per usage day and tag (key=value), keys and values normalised like attribution
    (so `Team=ML` and `team = ml` are one tag). A record counts once for each distinct tag
    it carries; one record with two spellings of the same key and value counts once for it.
    Tag budgets (fct_budget_status) read it. Rebuilt on every run, so corrections show.
-#}
{{ config(materialized='table') }}

with

usage as (

    select
        record_id,
        usage_date,
        billing_month,
        is_priced,
        net_cost_usd,
        list_cost_usd,
        custom_tags

    from {{ ref('fct_billing_usage') }}
    where custom_tags is not null

),

exploded as (

    select
        record_id,
        usage_date,
        billing_month,
        is_priced,
        net_cost_usd,
        list_cost_usd,
        {{ finops_chargeback.explode_array('map_entries(custom_tags)') }} as tag

    from usage

),

record_tags as (

    -- one row per record and normalised tag
    select
        record_id,
        {{ finops_chargeback.normalize_tag_key('tag.key') }} as tag_key,
        {{ finops_chargeback.normalize_value('tag.value') }} as tag_value,
        min(usage_date) as usage_date,
        min(billing_month) as billing_month,
        min(case when is_priced then 1 else 0 end) = 1 as is_priced,
        min(net_cost_usd) as net_cost_usd,
        min(list_cost_usd) as list_cost_usd

    from exploded
    group by 1, 2, 3

),

final as (

    select
        usage_date,
        tag_key,
        tag_value,
        min(billing_month) as billing_month,
        count(*) as record_count,
        sum(case when is_priced then 0 else 1 end) as unpriced_record_count,
        coalesce(sum(list_cost_usd), cast(0 as {{ finops_chargeback.money_type() }})) as list_cost_usd,
        coalesce(sum(net_cost_usd), cast(0 as {{ finops_chargeback.money_type() }})) as net_cost_usd

    from record_tags
    group by 1, 2, 3

)

select * from final
