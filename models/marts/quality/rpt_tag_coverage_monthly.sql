{#-
    How well tags and budget policies cover spend, per month, workspace and product.
    Incremental: the billing months that received records since the last run are summed
    again from all their records (docs block `incremental_runs`).
-#}
{{ config(
    materialized=finops_chargeback.fact_aggregate_materialization(),
    unique_key='billing_month',
    on_schema_change='append_new_columns',
) }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where
        is_priced
        and {{ finops_chargeback.usage_date_is_touched('billing_month') }}

),

summed as (

    select
        billing_month,
        workspace_id,
        billing_origin_product,
        count(*) as record_count,
        sum(net_cost_usd) as net_cost_usd,
        {% for method in finops_chargeback.attribution_methods() -%}
            sum(case when attribution_method = '{{ method }}' then net_cost_usd else 0 end) as {{ method }}_cost_usd,
        {% endfor -%}
        sum(case when has_invalid_cost_center_tag then net_cost_usd else 0 end) as invalid_tag_cost_usd,
        count(case when has_invalid_cost_center_tag then 1 end) as invalid_tag_record_count,
        max(loaded_at) as fact_loaded_at

    from usage
    group by 1, 2, 3

),

final as (

    select
        *,
        {{ finops_chargeback.share_of('tag_cost_usd + tag_rule_cost_usd', 'net_cost_usd') }}
            as tag_attributed_share,
        {{ finops_chargeback.share_of('tag_cost_usd + tag_rule_cost_usd + budget_policy_cost_usd', 'net_cost_usd') }}
            as tag_or_policy_attributed_share,
        {{ finops_chargeback.share_of('unallocated_cost_usd', 'net_cost_usd') }} as unallocated_share

    from summed

)

select * from final
