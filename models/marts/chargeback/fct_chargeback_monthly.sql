{#-
    Chargeback per billing month: each cost center's direct net cost plus its share of the
    shared cost centers' cost and of UNALLOCATED cost (see the docs block `allocation_methods`).
    Allocation moves money between lines and never creates or loses any: per month,
    sum(total_chargeback_usd) = sum(direct_cost_usd) = the month's priced net cost.
    Direct cost is read from fct_showback_daily (the same records summed per day, workspace,
    cost center and SKU: 29.5k rows for 100M records) instead of every usage record again:
    its rows with a priced record, whose net cost is the priced records' (an unpriced record
    has no net cost).
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
        fixed_weights.target_cost_center_id,
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
        receivers.cost_center_id as target_cost_center_id,
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

allocations as (

    select
        billing_month,
        target_cost_center_id as cost_center_id,
        pool_kind,
        {{ finops_chargeback.allocate_share('pool_usd', 'weight', 'total_weight') }} as amount_usd

    from weighted

),

allocated_pools as (

    -- a pool with nobody to receive it (no row in weighted) stays on its own line
    select distinct
        billing_month,
        pool_cost_center_id as cost_center_id,
        pool_kind,
        -pool_usd as amount_usd

    from weighted

),

movements as (

    select * from allocations
    union all
    select * from allocated_pools

),

lines as (

    select
        billing_month,
        cost_center_id,
        direct_cost_usd,
        cast(0 as {{ finops_chargeback.money_type() }}) as shared_cost_allocated_usd,
        cast(0 as {{ finops_chargeback.money_type() }}) as unallocated_cost_allocated_usd

    from direct

    union all

    select
        billing_month,
        cost_center_id,
        cast(0 as {{ finops_chargeback.money_type() }}) as direct_cost_usd,
        case when pool_kind = 'shared' then amount_usd else 0 end as shared_cost_allocated_usd,
        case when pool_kind = 'unallocated' then amount_usd else 0 end as unallocated_cost_allocated_usd

    from movements

),

summed as (

    select
        billing_month,
        cost_center_id,
        sum(direct_cost_usd) as direct_cost_usd,
        sum(shared_cost_allocated_usd) as shared_cost_allocated_usd,
        sum(unallocated_cost_allocated_usd) as unallocated_cost_allocated_usd

    from lines
    group by 1, 2

),

final as (

    select
        summed.billing_month,
        summed.cost_center_id,
        cost_centers.cost_center_name,
        cost_centers.business_unit,
        coalesce(cost_centers.is_shared, false) as is_shared,
        coalesce(cost_centers.is_unallocated, false) as is_unallocated,
        summed.direct_cost_usd,
        summed.shared_cost_allocated_usd,
        summed.unallocated_cost_allocated_usd,
        {{ finops_chargeback.add_money([
            'summed.direct_cost_usd', 'summed.shared_cost_allocated_usd', 'summed.unallocated_cost_allocated_usd'
        ]) }} as total_chargeback_usd

    from summed
    left join cost_centers on summed.cost_center_id = cost_centers.cost_center_id

)

select * from final
