-- Budgets forecast to reach their top threshold before the running period ends, although
-- the actual has not yet (the rows of the warning test alert_budget_forecast_over_top_threshold).
with

budget_status as (

    select * from {{ ref('fct_budget_status') }}

),

final as (

    select
        budget_id,
        scope_type,
        scope_value,
        period,
        period_start,
        period_end,
        amount_usd,
        actual_cost_usd,
        forecast_cost_usd,
        forecast_low_usd,
        forecast_high_usd,
        top_threshold,
        as_of_date

    from budget_status
    where is_current_period and status = 'at_risk'

)

select * from final
order by 9 desc
