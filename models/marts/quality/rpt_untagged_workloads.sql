{#-
    Who to ask to fix a tag: workloads whose spend was not attributed by a tag (untagged, or
    tagged with an unknown cost center), per month, ranked by net cost, with their owner.
    Incremental: the billing months that received records since the last run are ranked
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
        and (attribution_method not in ('tag', 'tag_rule') or has_invalid_cost_center_tag)
        and {{ finops_chargeback.usage_date_is_touched('billing_month') }}

),

workloads as (

    select
        billing_month,
        workspace_id,
        workload_type,
        workload_id,
        count(*) as record_count,
        sum(net_cost_usd) as net_cost_usd,
        max(case when has_invalid_cost_center_tag then 1 else 0 end) = 1 as has_invalid_cost_center_tag,
        max(invalid_cost_center_tag_value) as invalid_cost_center_tag_value,
        max(owned_by) as owned_by,
        max(run_as) as run_as,
        max(created_by) as created_by,
        max(cost_center_id) as fallback_cost_center_id,
        max(attribution_method) as fallback_attribution_method,
        count(distinct cost_center_id) as fallback_cost_center_count,
        max(loaded_at) as fact_loaded_at

    from usage
    group by 1, 2, 3, 4

),

final as (

    select
        billing_month,
        workspace_id,
        workload_type,
        workload_id,
        case when has_invalid_cost_center_tag then 'invalid_cost_center_tag' else 'untagged' end as issue,
        invalid_cost_center_tag_value,
        coalesce(owned_by, run_as, created_by) as owner_to_contact,
        owned_by,
        run_as,
        created_by,
        fallback_cost_center_id,
        fallback_attribution_method,
        fallback_cost_center_count,
        record_count,
        net_cost_usd,
        cast(
            row_number() over (partition by billing_month order by net_cost_usd desc, workspace_id asc, workload_id asc)
            as bigint
        ) as cost_rank_in_month,
        fact_loaded_at

    from workloads

)

select * from final
