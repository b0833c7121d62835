{#-
    The allocation lines of the monthly chargeback: per billing month, each pool (a shared
    cost center, or UNALLOCATED when `allocate_unallocated` is true) split among the cost
    centers that receive it, with the rule and the weight used (docs block
    `allocation_methods`). A pool nobody can receive has no line: it stays with its own cost
    center in fct_chargeback_monthly. Per month and pool, sum(allocated_usd) = pool_usd.
    Direct cost is read from fct_showback_daily (its rows with a priced record, whose net
    cost is the priced records'; an unpriced record has no net cost).
-#}
{%- set method = var('shared_cost_allocation_method') -%}
{%- if method not in ('proportional', 'even') -%}
    {{ exceptions.raise_compiler_error(
        "Variable shared_cost_allocation_method must be 'proportional' or 'even', got '" ~ method ~ "'"
    ) }}
{%- endif -%}

with

showback as (

    select * from {{ ref('fct_showback_daily') }}
    where record_count > unpriced_record_count

),

cost_centers as (

    select * from {{ ref('dim_cost_centers') }}

),

fixed_weights as (

    select * from {{ ref('shared_cost_allocation_weights') }}

),

direct as (

    select
        showback.billing_month,
        showback.cost_center_id,
        sum(showback.net_cost_usd) as direct_cost_usd

    from showback
    group by 1, 2

),

direct_classified as (

    select
        direct.*,
        coalesce(cost_centers.is_shared, false) as is_shared,
        coalesce(cost_centers.is_unallocated, false) as is_unallocated

    from direct
    left join cost_centers on direct.cost_center_id = cost_centers.cost_center_id

),

receivers as (

    -- non-shared cost centers with positive direct cost in the month
    select
        billing_month,
        cost_center_id,
        direct_cost_usd

    from direct_classified
    where not is_shared and not is_unallocated and direct_cost_usd > 0

),

pools as (

    select
        billing_month,
        cost_center_id as pool_cost_center_id,
        direct_cost_usd as pool_usd,
        case when is_unallocated then 'unallocated' else 'shared' end as pool_kind

    from direct_classified
    where
        is_shared
        {% if var('allocate_unallocated') %}or is_unallocated{% endif %}

),

pool_targets as (

    -- shared cost centers with fixed weights are split by them
    select
        pools.billing_month,
        pools.pool_cost_center_id,
        pools.pool_kind,
        pools.pool_usd,
        fixed_weights.target_cost_center_id as cost_center_id,
        'fixed_weights' as allocation_rule,
        cast(fixed_weights.weight as {{ finops_chargeback.money_type() }}) as weight

    from pools
    inner join fixed_weights on pools.pool_cost_center_id = fixed_weights.shared_cost_center_id

    union all

    -- every other pool by the allocation method, over the month's receivers
    select
        pools.billing_month,
        pools.pool_cost_center_id,
        pools.pool_kind,
        pools.pool_usd,
        receivers.cost_center_id,
        '{{ method }}' as allocation_rule,
        {% if method == 'even' -%}
            cast(1 as {{ finops_chargeback.money_type() }})
        {%- else -%}
            receivers.direct_cost_usd
        {%- endif %} as weight

    from pools
    inner join receivers on pools.billing_month = receivers.billing_month
    where pools.pool_cost_center_id not in (select fixed_weights.shared_cost_center_id from fixed_weights)

),

weighted as (

    select
        *,
        -- weights are summed as decimals (exact, so the split never depends on summation order)
        sum(weight) over (partition by billing_month, pool_cost_center_id) as total_weight

    from pool_targets
    where weight > 0

),

final as (

    select
        billing_month,
        pool_cost_center_id,
        pool_kind,
        cost_center_id,
        allocation_rule,
        weight,
        total_weight,
        pool_usd,
        {{ finops_chargeback.allocate_share('pool_usd', 'weight', 'total_weight') }} as allocated_usd

    from weighted

)

select * from final
