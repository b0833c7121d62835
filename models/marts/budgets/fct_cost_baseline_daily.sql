{#-
    What each scope's cost "usually" is on a day, from the same weekday of the weeks before:
    one row per row of fct_cost_series_daily. Only complete days before the day count, and
    only from the scope's first day with cost. Two windows: the last `forecast_lookback_weeks`
    weeks give the forecast's expected cost; the last `anomaly_lookback_weeks` weeks give the
    anomaly baseline (median, median absolute deviation, mean absolute deviation, lowest and
    highest). Docs blocks `forecast_method` and `anomaly_method`.
-#}
{%- set forecast_days = 7 * var('forecast_lookback_weeks') | int -%}
{%- set anomaly_days = 7 * var('anomaly_lookback_weeks') | int -%}
{%- set window_days = [forecast_days, anomaly_days] | max -%}

with

series as (

    select * from {{ ref('fct_cost_series_daily') }}

),

history as (

    -- each day with the same weekday of the window before it (at most one row per week)
    select
        target.scope_type,
        target.scope_value,
        target.usage_date,
        history.usage_date as history_date,
        history.cost_usd as history_cost_usd,
        cast(history.cost_usd as double) as history_cost,
        history.usage_date >= {{ finops_chargeback.add_days('target.usage_date', - forecast_days) }}
            as in_forecast_window,
        history.usage_date >= {{ finops_chargeback.add_days('target.usage_date', - anomaly_days) }}
            as in_anomaly_window

    from series as target
    inner join series as history
        on
            target.scope_type = history.scope_type
            and target.scope_value = history.scope_value
            and target.weekday_index = history.weekday_index
            and history.usage_date < target.usage_date
            and history.usage_date >= {{ finops_chargeback.add_days('target.usage_date', - window_days) }}
            and history.is_complete_day

),

medians as (

    select
        scope_type,
        scope_value,
        usage_date,
        {{ finops_chargeback.percentile('case when in_forecast_window then history_cost end', 0.5) }}
            as forecast_median,
        count(case when in_forecast_window then 1 end) as forecast_history_days,
        count(case when in_anomaly_window then 1 end) as anomaly_history_days,
        min(case when in_anomaly_window then history_cost_usd end) as history_low_usd,
        max(case when in_anomaly_window then history_cost_usd end) as history_high_usd,
        cast(
            {{ finops_chargeback.percentile('case when in_anomaly_window then history_cost end', 0.5) }}
            as {{ finops_chargeback.money_type() }}
        ) as anomaly_median_usd

    from history
    group by 1, 2, 3

),

deviations as (

    -- spread of the anomaly window around its median
    select
        history.scope_type,
        history.scope_value,
        history.usage_date,
        -- in decimals, so the result does not depend on the order rows are added up in
        {{ finops_chargeback.percentile('abs(history.history_cost_usd - medians.anomaly_median_usd)', 0.5) }}
            as median_absolute_deviation,
        {{ finops_chargeback.share_of(
            'sum(abs(history.history_cost_usd - medians.anomaly_median_usd))', 'count(*)'
        ) }} as mean_absolute_deviation

    from history
    inner join medians
        on
            history.scope_type = medians.scope_type
            and history.scope_value = medians.scope_value
            and history.usage_date = medians.usage_date
    where history.in_anomaly_window
    group by 1, 2, 3

),

final as (

    select
        series.scope_type,
        series.scope_value,
        series.usage_date,
        series.billing_month,
        series.weekday_index,
        series.is_complete_day,
        series.cost_usd,
        series.first_cost_date,
        series.data_start_date,
        series.as_of_date,
        cast(medians.forecast_median as {{ finops_chargeback.money_type() }}) as forecast_expected_usd,
        coalesce(medians.forecast_history_days, 0) as forecast_history_days,
        medians.anomaly_median_usd as anomaly_expected_usd,
        coalesce(medians.anomaly_history_days, 0) as anomaly_history_days,
        medians.history_low_usd,
        medians.history_high_usd,
        cast(deviations.median_absolute_deviation as {{ finops_chargeback.money_type() }})
            as median_absolute_deviation_usd,
        cast(deviations.mean_absolute_deviation as {{ finops_chargeback.money_type() }})
            as mean_absolute_deviation_usd

    from series
    left join medians
        on
            series.scope_type = medians.scope_type
            and series.scope_value = medians.scope_value
            and series.usage_date = medians.usage_date
    left join deviations
        on
            series.scope_type = deviations.scope_type
            and series.scope_value = deviations.scope_value
            and series.usage_date = deviations.usage_date

)

select * from final
