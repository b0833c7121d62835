{#-
    Expected cost per day from the day after the as-of date to the end of the next month, at
    account, workspace, cost-center (chargeback), product and tag level, with a low-high
    interval. Method (docs block `forecast_method`): a day's forecast is the median of the
    same weekday over the last `forecast_lookback_weeks` complete weeks; low and high scale
    it by quantiles of how far past forecasts of the scope were off (actual / forecast).
-#}
{%- set quantiles = var('forecast_interval_quantiles') -%}
{%- set full_history = var('forecast_lookback_weeks') | int -%}
{%- set ratio = finops_chargeback.share_of('cost_usd', 'forecast_expected_usd') -%}

with

baseline as (

    select * from {{ ref('fct_cost_baseline_daily') }}
    where scope_type in ('account', 'workspace', 'cost_center_chargeback', 'billing_origin_product', 'tag')

),

levels as (

    select
        *,
        case scope_type
            when 'cost_center_chargeback' then 'cost_center'
            when 'billing_origin_product' then 'product'
            else scope_type
        end as forecast_level

    from baseline

),

profile as (

    -- the first week after the as-of date: one expected cost per weekday
    select
        forecast_level,
        scope_value,
        usage_date as profile_date,
        as_of_date,
        forecast_expected_usd,
        forecast_history_days

    from levels
    where
        usage_date > as_of_date
        and usage_date <= {{ finops_chargeback.add_days('as_of_date', 7) }}

),

past_errors as (

    -- how far off the forecast was on each complete day with a full history
    select
        forecast_level,
        scope_value,
        {{ finops_chargeback.percentile(ratio, quantiles[0]) }} as low_ratio,
        {{ finops_chargeback.percentile(ratio, quantiles[1]) }} as high_ratio,
        count(*) as error_sample_days

    from levels
    where
        is_complete_day
        and forecast_history_days >= {{ full_history }}
        and forecast_expected_usd > 0
    group by 1, 2

),

horizon as (

    -- each profile day stands for itself and the same weekday of every later week
    select
        forecast_level,
        scope_value,
        as_of_date,
        forecast_expected_usd,
        forecast_history_days,
        {{ finops_chargeback.explode_array(finops_chargeback.date_sequence(
            'profile_date',
            finops_chargeback.add_days(finops_chargeback.add_months(finops_chargeback.month_start('as_of_date'), 2), -1),
            step_days=7
        )) }} as forecast_date

    from profile

),

final as (

    select
        horizon.forecast_level,
        horizon.scope_value,
        cast(horizon.forecast_date as date) as forecast_date,
        {{ finops_chargeback.month_start('horizon.forecast_date') }} as billing_month,
        horizon.as_of_date,
        horizon.forecast_expected_usd as forecast_cost_usd,
        cast(least(
            cast(horizon.forecast_expected_usd as double) * past_errors.low_ratio,
            cast(horizon.forecast_expected_usd as double) * past_errors.high_ratio
        ) as {{ finops_chargeback.money_type() }}) as forecast_low_usd,
        cast(greatest(
            cast(horizon.forecast_expected_usd as double) * past_errors.low_ratio,
            cast(horizon.forecast_expected_usd as double) * past_errors.high_ratio
        ) as {{ finops_chargeback.money_type() }}) as forecast_high_usd,
        horizon.forecast_history_days as history_days,
        coalesce(past_errors.error_sample_days, 0) as error_sample_days

    from horizon
    left join past_errors
        on
            horizon.forecast_level = past_errors.forecast_level
            and horizon.scope_value = past_errors.scope_value

)

select * from final
