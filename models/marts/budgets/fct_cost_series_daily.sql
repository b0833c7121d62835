{#-
    Daily cost of every scope that budgets, forecasts and anomalies look at (workloads and
    SKUs only when they could ever be flagged), one row per scope and day, from the scope's first day with cost to the as-of date plus 7 days (the
    first forecast week). Days without cost are 0, so drops and quiet days are seen; days
    after the as-of date have no cost (still loading, or future). Docs block `cost_series`.
-#}
with

daily as (

    select * from {{ ref('fct_cost_scope_daily') }}

),

dates as (

    select
        min(usage_date) as data_start_date,
        {{ finops_chargeback.add_days('max(usage_date)', - var('incomplete_trailing_days')) }} as as_of_date

    from daily
    where scope_type = 'account'

),

scopes as (

    -- SKUs are only looked at for anomalies: one that could never be flagged is left out,
    -- which changes no anomaly (fct_cost_scope_daily already left such workloads out)
    select
        scope_type,
        scope_value,
        min(usage_date) as first_cost_date

    from daily
    where cost_usd != 0
    group by 1, 2
    having
        scope_type != 'sku_name'
        or {{ finops_chargeback.could_be_flagged_as_anomaly('cost_usd') }}

),

calendar as (

    select
        scopes.scope_type,
        scopes.scope_value,
        scopes.first_cost_date,
        dates.data_start_date,
        dates.as_of_date,
        {{ finops_chargeback.explode_array(finops_chargeback.date_sequence(
            'scopes.first_cost_date', finops_chargeback.add_days('dates.as_of_date', 7)
        )) }} as usage_date

    from scopes
    cross join dates

),

final as (

    select
        calendar.scope_type,
        calendar.scope_value,
        cast(calendar.usage_date as date) as usage_date,
        {{ finops_chargeback.month_start('calendar.usage_date') }} as billing_month,
        -- 0 = Monday ... 6 = Sunday (2000-01-03 was a Monday)
        ({{ finops_chargeback.days_between("cast('2000-01-03' as date)", 'calendar.usage_date') }} % 7 + 7) % 7
            as weekday_index,
        calendar.usage_date <= calendar.as_of_date as is_complete_day,
        case
            when calendar.usage_date <= calendar.as_of_date
                then coalesce(daily.cost_usd, cast(0 as {{ finops_chargeback.money_type() }}))
        end as cost_usd,
        calendar.first_cost_date,
        calendar.data_start_date,
        calendar.as_of_date

    from calendar
    left join daily
        on
            calendar.scope_type = daily.scope_type
            and calendar.scope_value = daily.scope_value
            and calendar.usage_date = daily.usage_date

)

select * from final
