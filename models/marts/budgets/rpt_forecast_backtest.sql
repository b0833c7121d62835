{#-
    How good the forecast is: for every closed month of the data and every forecast level
    and scope, the month-end forecast made on days 7, 14 and 21 (actual so far plus the
    forecast method's expected cost for the rest of the month, from what was known that day)
    against the month's actual cost. Docs block `forecast_backtest`.
-#}
{#- a day of the week after the forecast day, times the days of its weekday left in the month -#}
{%- set rest_of_month = finops_chargeback.amount_times_count(
    'baseline.forecast_expected_usd',
    finops_chargeback.same_weekday_days(
        finops_chargeback.days_between('origins.forecast_made_on', 'origins.month_end') ~ ' - 1',
        finops_chargeback.days_between('origins.forecast_made_on', 'baseline.usage_date') ~ ' - 1'
    )
) -%}

with

baseline as (

    select * from {{ ref('fct_cost_baseline_daily') }}
    where
        is_complete_day
        and scope_type in ('account', 'workspace', 'cost_center_chargeback', 'billing_origin_product', 'tag')

),

months as (

    -- months whose every day is complete, with the three forecast days
    select
        baseline.scope_type,
        baseline.scope_value,
        baseline.billing_month,
        {{ finops_chargeback.add_months('baseline.billing_month', 1) }} as month_end,
        sum(baseline.cost_usd) as actual_cost_usd

    from baseline
    group by 1, 2, 3
    having
        {{ finops_chargeback.add_months('baseline.billing_month', 1) }}
        <= {{ finops_chargeback.add_days('min(baseline.as_of_date)', 1) }}
        and baseline.billing_month >= min(baseline.data_start_date)

),

origin_days as (

    select 7 as forecast_day_of_month
    union all
    select 14
    union all
    select 21

),

origins as (

    select
        months.*,
        origin_days.forecast_day_of_month,
        {{ finops_chargeback.add_days('months.billing_month', 'origin_days.forecast_day_of_month - 1') }}
            as forecast_made_on

    from months
    cross join origin_days

),

forecasts as (

    -- what was spent from the month's first day to the forecast day, plus the week after it,
    -- each day of that week standing for its weekday up to the month's end
    select
        case origins.scope_type
            when 'cost_center_chargeback' then 'cost_center'
            when 'billing_origin_product' then 'product'
            else origins.scope_type
        end as forecast_level,
        origins.scope_value,
        origins.billing_month,
        origins.forecast_day_of_month,
        origins.forecast_made_on,
        origins.actual_cost_usd,
        coalesce(sum(case when baseline.usage_date <= origins.forecast_made_on then baseline.cost_usd end), 0)
        + coalesce(sum(case when baseline.usage_date > origins.forecast_made_on then {{ rest_of_month }} end), 0)
            as forecast_cost_usd

    -- a scope without cost yet on the forecast day was forecast at what it had spent (0)
    from origins
    left join baseline
        on
            origins.scope_type = baseline.scope_type
            and origins.scope_value = baseline.scope_value
            and baseline.usage_date >= origins.billing_month
            and baseline.usage_date <= {{ finops_chargeback.add_days('origins.forecast_made_on', 7) }}
    group by 1, 2, 3, 4, 5, 6

),

final as (

    select
        forecast_level,
        scope_value,
        billing_month,
        forecast_day_of_month,
        forecast_made_on,
        cast(actual_cost_usd as {{ finops_chargeback.money_type() }}) as actual_cost_usd,
        cast(forecast_cost_usd as {{ finops_chargeback.money_type() }}) as forecast_cost_usd,
        cast(forecast_cost_usd - actual_cost_usd as {{ finops_chargeback.money_type() }}) as error_usd,
        -- none for a month whose actual is under a cent (a cost center whose cost is all redistributed)
        case
            when abs(actual_cost_usd) >= 0.01
                then abs({{ finops_chargeback.share_of('forecast_cost_usd - actual_cost_usd', 'actual_cost_usd') }})
        end as abs_pct_error,
        -- the level's error for forecasts made on this day of the month: sum of absolute errors
        -- over sum of actual costs, all scopes and months of the level together
        {{ finops_chargeback.share_of(
            'sum(abs(forecast_cost_usd - actual_cost_usd)) over (partition by forecast_level, forecast_day_of_month)',
            'sum(abs(actual_cost_usd)) over (partition by forecast_level, forecast_day_of_month)'
        ) }} as level_abs_pct_error

    from forecasts

)

select * from final
