{#-
    What each cost center is charged per day: its direct net cost of the day plus its share
    of the month's allocations (shared cost centers and UNALLOCATED, from
    fct_chargeback_monthly) spread over the month's days in proportion to the account's
    daily cost. The days of a month add up to the month's total_chargeback_usd exactly;
    within a month the split of allocations is an estimate. Cost-center budgets and
    forecasts read it. Docs block `cost_series`.
-#}
with

showback as (

    select * from {{ ref('fct_showback_daily') }}

),

chargeback as (

    select * from {{ ref('fct_chargeback_monthly') }}

),

account_daily as (

    select
        usage_date,
        min(billing_month) as billing_month,
        sum(net_cost_usd) as cost_usd

    from showback
    group by 1

),

account_daily_shares as (

    select
        usage_date,
        billing_month,
        {{ finops_chargeback.share_of('cost_usd', 'sum(cost_usd) over (partition by billing_month)') }} as month_share

    from account_daily

),

direct as (

    select
        cost_center_id,
        usage_date,
        min(billing_month) as billing_month,
        sum(net_cost_usd) as direct_cost_usd

    from showback
    group by 1, 2

),

allocated as (

    select
        chargeback.cost_center_id,
        account_daily_shares.usage_date,
        account_daily_shares.billing_month,
        cast(
            cast(chargeback.shared_cost_allocated_usd + chargeback.unallocated_cost_allocated_usd as double)
            * account_daily_shares.month_share
            as {{ finops_chargeback.money_type() }}
        ) as allocated_usd

    from chargeback
    inner join account_daily_shares on chargeback.billing_month = account_daily_shares.billing_month

),

final as (

    select
        coalesce(direct.cost_center_id, allocated.cost_center_id) as cost_center_id,
        coalesce(direct.usage_date, allocated.usage_date) as usage_date,
        coalesce(direct.billing_month, allocated.billing_month) as billing_month,
        cast(coalesce(direct.direct_cost_usd, 0) as {{ finops_chargeback.money_type() }}) as direct_cost_usd,
        cast(coalesce(allocated.allocated_usd, 0) as {{ finops_chargeback.money_type() }}) as allocated_usd,
        -- cast back: Spark gives the sum of two decimal(38,12) one decimal less
        cast(
            coalesce(direct.direct_cost_usd, 0) + coalesce(allocated.allocated_usd, 0)
            as {{ finops_chargeback.money_type() }}
        ) as chargeback_cost_usd

    from direct
    full outer join allocated
        on
            direct.cost_center_id = allocated.cost_center_id
            and direct.usage_date = allocated.usage_date

)

select * from final
