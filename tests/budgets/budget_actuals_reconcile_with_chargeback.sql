{#-
    For every closed budget period, the actual of an account budget equals the chargeback
    total of the period's months, and the actual of a cost-center budget equals the cost
    center's total chargeback over those months (to 1e-6 USD). Returns the periods that
    disagree. Periods the data covers only in part are left out.
-#}
with

budget_status as (

    select * from {{ ref('fct_budget_status') }}
    where
        is_closed_period
        and is_period_data_complete
        and scope_type in ('account', 'cost_center')

),

chargeback as (

    select * from {{ ref('fct_chargeback_monthly') }}

),

period_chargeback as (

    select
        budget_status.budget_id,
        budget_status.period_start,
        sum(chargeback.total_chargeback_usd) as chargeback_usd

    from budget_status
    inner join chargeback
        on
            chargeback.billing_month >= budget_status.period_start
            and chargeback.billing_month < budget_status.period_end
            and (budget_status.scope_type = 'account' or chargeback.cost_center_id = budget_status.scope_value)
    group by 1, 2

)

select
    budget_status.budget_id,
    budget_status.scope_type,
    budget_status.scope_value,
    budget_status.period_start,
    budget_status.actual_cost_usd,
    period_chargeback.chargeback_usd

from budget_status
left join period_chargeback
    on
        budget_status.budget_id = period_chargeback.budget_id
        and budget_status.period_start = period_chargeback.period_start
where abs(budget_status.actual_cost_usd - coalesce(period_chargeback.chargeback_usd, 0)) > 0.000001
