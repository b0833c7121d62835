{#-
    The periods every budget applies to, with their actual cost so far: one row per budget
    and period (month, quarter or year) that starts inside the budget's validity window, has
    started by the as-of date and overlaps the data. The actual is the sum of the budget's
    daily cost series (fct_cost_series_daily) over the period's complete days. Read by
    fct_budget_status.
-#}
with

budgets as (

    select * from {{ ref('dim_budgets') }}

),

series as (

    select * from {{ ref('fct_cost_series_daily') }}

),

dates as (

    select
        min(data_start_date) as data_start_date,
        min(as_of_date) as as_of_date

    from series

),

days as (

    -- every day from 11 months before the data's first month to the as-of date, so years
    -- and quarters that started before the data get their row too
    select
        dates.data_start_date,
        dates.as_of_date,
        {{ finops_chargeback.explode_array(finops_chargeback.date_sequence(
            finops_chargeback.add_months(finops_chargeback.month_start('dates.data_start_date'), -11), 'dates.as_of_date'
        )) }} as day_date

    from dates

),

month_starts as (

    select
        data_start_date,
        as_of_date,
        cast(day_date as date) as month_start,
        extract(month from day_date) as month_of_year

    from days
    where extract(day from day_date) = 1

),

periods as (

    select
        budgets.budget_id,
        budgets.scope_type,
        budgets.scope_value,
        budgets.period,
        budgets.amount_usd,
        budgets.alert_thresholds,
        month_starts.month_start as period_start,
        {{ finops_chargeback.add_months(
            'month_starts.month_start', "case budgets.period when 'quarter' then 3 when 'year' then 12 else 1 end"
        ) }} as period_end,
        month_starts.data_start_date,
        month_starts.as_of_date

    from budgets
    inner join month_starts
        on
            (
                budgets.period = 'month'
                or (budgets.period = 'quarter' and month_starts.month_of_year in (1, 4, 7, 10))
                or (budgets.period = 'year' and month_starts.month_of_year = 1)
            )
            and {{ finops_chargeback.in_window('month_starts.month_start', 'budgets') }}

),

measured_periods as (

    select
        *,
        case scope_type
            when 'cost_center' then 'cost_center_chargeback'
            when 'product' then 'billing_origin_product'
            else scope_type
        end as series_scope_type,
        coalesce(scope_value, 'all') as series_scope_value,
        period_end <= {{ finops_chargeback.add_days('as_of_date', 1) }} as is_closed_period,
        period_start >= data_start_date as is_period_data_complete

    from periods
    where period_end > data_start_date

),

actuals as (

    select
        measured_periods.budget_id,
        measured_periods.period_start,
        sum(series.cost_usd) as actual_cost_usd

    from measured_periods
    inner join series
        on
            measured_periods.series_scope_type = series.scope_type
            and measured_periods.series_scope_value = series.scope_value
            and series.usage_date >= measured_periods.period_start
            and series.usage_date < measured_periods.period_end
            and series.is_complete_day
    group by 1, 2

),

final as (

    select
        measured_periods.*,
        coalesce(actuals.actual_cost_usd, cast(0 as {{ finops_chargeback.money_type() }})) as actual_cost_usd

    from measured_periods
    left join actuals
        on
            measured_periods.budget_id = actuals.budget_id
            and measured_periods.period_start = actuals.period_start

)

select * from final
