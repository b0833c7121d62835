{#-
    Every budget period that has started by the as-of date: actual cost so far, forecast to
    the period's end with a low-high interval, thresholds crossed and status. Cost-center
    budgets are measured on chargeback (allocations included), the other scopes on the net
    cost of their records; quarters and years add up their days. Docs block `budget_status`.
-#}
{%- set money = finops_chargeback.money_type() -%}

with

periods as (

    select * from {{ ref('fct_budget_periods') }}

),

forecast as (

    select * from {{ ref('fct_cost_forecast_daily') }}

),

remaining_days as (

    -- each day of the first forecast week, with how many days of its weekday are left
    -- between the as-of date and the period's end
    select
        periods.budget_id,
        periods.period_start,
        forecast.forecast_cost_usd,
        coalesce(forecast.forecast_low_usd, forecast.forecast_cost_usd) as forecast_low_usd,
        coalesce(forecast.forecast_high_usd, forecast.forecast_cost_usd) as forecast_high_usd,
        {{ finops_chargeback.same_weekday_days(
            finops_chargeback.days_between('periods.as_of_date', 'periods.period_end') ~ ' - 1',
            finops_chargeback.days_between('periods.as_of_date', 'forecast.forecast_date') ~ ' - 1'
        ) }} as day_count

    from periods
    inner join forecast
        on
            periods.scope_type = forecast.forecast_level
            and periods.series_scope_value = forecast.scope_value
            and forecast.forecast_date > periods.as_of_date
            and forecast.forecast_date <= {{ finops_chargeback.add_days('periods.as_of_date', 7) }}
    where not periods.is_closed_period

),

remaining as (

    select
        budget_id,
        period_start,
        sum({{ finops_chargeback.amount_times_count('forecast_cost_usd', 'day_count') }}) as forecast_usd,
        sum({{ finops_chargeback.amount_times_count('forecast_low_usd', 'day_count') }}) as forecast_low_usd,
        sum({{ finops_chargeback.amount_times_count('forecast_high_usd', 'day_count') }}) as forecast_high_usd

    from remaining_days
    group by 1, 2

),

thresholds as (

    select
        budget_id,
        period_start,
        {{ finops_chargeback.explode_array(finops_chargeback.split_string('alert_thresholds', ';')) }} as threshold_text

    from periods

),

threshold_values as (

    select
        budget_id,
        period_start,
        cast(trim(threshold_text) as double) as threshold

    from thresholds

),

measured as (

    -- the forecast to the period's end is the actual so far plus the remaining days' forecast
    -- (no remaining days: the actual itself; cast, or Spark would round the actual to 11 decimals)
    select
        periods.*,
        coalesce(cast(periods.actual_cost_usd + remaining.forecast_usd as {{ money }}), periods.actual_cost_usd)
            as forecast_cost_usd,
        coalesce(cast(periods.actual_cost_usd + remaining.forecast_low_usd as {{ money }}), periods.actual_cost_usd)
            as forecast_low_usd,
        coalesce(cast(periods.actual_cost_usd + remaining.forecast_high_usd as {{ money }}), periods.actual_cost_usd)
            as forecast_high_usd

    from periods
    left join remaining
        on periods.budget_id = remaining.budget_id and periods.period_start = remaining.period_start

),

crossings as (

    select
        measured.budget_id,
        measured.period_start,
        max(thresholds.threshold) as top_threshold,
        max(case
            when measured.actual_cost_usd >= thresholds.threshold * measured.amount_usd then thresholds.threshold
        end) as highest_threshold_crossed,
        max(case
            when measured.forecast_cost_usd >= thresholds.threshold * measured.amount_usd then thresholds.threshold
        end) as forecast_threshold_crossed

    from measured
    inner join threshold_values as thresholds
        on measured.budget_id = thresholds.budget_id and measured.period_start = thresholds.period_start
    group by 1, 2

),

final as (

    select
        measured.budget_id,
        measured.scope_type,
        measured.scope_value,
        measured.period,
        measured.period_start,
        measured.period_end,
        measured.amount_usd,
        measured.alert_thresholds,
        cast(measured.actual_cost_usd as {{ finops_chargeback.money_type() }}) as actual_cost_usd,
        {{ finops_chargeback.share_of('measured.actual_cost_usd', 'measured.amount_usd') }} as consumed_share,
        cast(measured.forecast_cost_usd as {{ finops_chargeback.money_type() }}) as forecast_cost_usd,
        cast(measured.forecast_low_usd as {{ finops_chargeback.money_type() }}) as forecast_low_usd,
        cast(measured.forecast_high_usd as {{ finops_chargeback.money_type() }}) as forecast_high_usd,
        crossings.highest_threshold_crossed,
        crossings.forecast_threshold_crossed,
        crossings.top_threshold,
        case
            when crossings.highest_threshold_crossed >= crossings.top_threshold then 'over'
            when crossings.forecast_threshold_crossed >= crossings.top_threshold then 'at_risk'
            else 'under'
        end as status,
        measured.is_closed_period,
        measured.period_start <= measured.as_of_date and not measured.is_closed_period as is_current_period,
        measured.is_period_data_complete,
        measured.as_of_date

    from measured
    inner join crossings
        on measured.budget_id = crossings.budget_id and measured.period_start = crossings.period_start

)

select * from final
