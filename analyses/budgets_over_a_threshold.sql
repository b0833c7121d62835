-- Budgets whose actual cost in the running period has reached one of their alert
-- thresholds (the rows of the warning test alert_budget_threshold_crossed).
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
        amount_usd,
        actual_cost_usd,
        consumed_share,
        highest_threshold_crossed,
        forecast_cost_usd,
        status,
        as_of_date

    from budget_status
    where is_current_period and highest_threshold_crossed is not null

)

select * from final
order by 8 desc
