{#-
    Chargeback per billing month: each cost center's direct net cost plus what it received
    from the shared cost centers and UNALLOCATED, less what it handed out as one of them
    (the allocation lines are fct_chargeback_allocations_monthly; docs block
    `allocation_methods`). Allocation moves money between lines and never creates or loses
    any: per month, sum(total_chargeback_usd) = sum(direct_cost_usd) = the month's priced net
    cost. Direct cost is read from fct_showback_daily (the same records summed per day,
    workspace, cost center and SKU: 29.5k rows for 100M records) instead of every usage record
    again: its rows with a priced record, whose net cost is the priced records' (an unpriced
    record has no net cost).
-#}

with

showback as (

    select * from {{ ref('fct_showback_daily') }}
    where record_count > unpriced_record_count

),

cost_centers as (

    select * from {{ ref('dim_cost_centers') }}

),

allocations as (

    select * from {{ ref('fct_chargeback_allocations_monthly') }}

),

received as (

    select
        billing_month,
        cost_center_id,
        pool_kind,
        allocated_usd as amount_usd

    from allocations

),

handed_out as (

    -- a pool with nobody to receive it (no allocation line) stays on its own line
    select distinct
        billing_month,
        pool_cost_center_id as cost_center_id,
        pool_kind,
        -pool_usd as amount_usd

    from allocations

),

movements as (

    select * from received
    union all
    select * from handed_out

),

lines as (

    select
        billing_month,
        cost_center_id,
        net_cost_usd as direct_cost_usd,
        cast(0 as {{ finops_chargeback.money_type() }}) as shared_cost_allocated_usd,
        cast(0 as {{ finops_chargeback.money_type() }}) as unallocated_cost_allocated_usd

    from showback

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
