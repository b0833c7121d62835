{#-
    How a spend commitment burns down: one row per commitment and day of its term up to the
    as-of date, with the account's cumulative net cost since the term started and, as seen
    that day, the projected consumption at term end, the projected exhaustion date and the
    projected shortfall or overage. Docs block `commitment_burndown`.
-#}
{%- set weeks_to_burn = finops_chargeback.share_of('left_to_burn_usd', 'week_expected_usd') -%}
{%- set whole_weeks = 'cast(ceil(' ~ weeks_to_burn ~ ') as int) - 1' -%}

with

commitments as (

    select * from {{ ref('commitments') }}

),

account as (

    select * from {{ ref('fct_cost_baseline_daily') }}
    where scope_type = 'account'

),

dates as (

    select min(as_of_date) as as_of_date
    from account

),

term_days as (

    select
        {{ finops_chargeback.seed_text('commitments.commitment_id') }} as commitment_id,
        cast(commitments.amount_usd as {{ finops_chargeback.money_type() }}) as amount_usd,
        commitments.start_date,
        commitments.end_date,
        dates.as_of_date,
        {{ finops_chargeback.explode_array(finops_chargeback.date_sequence(
            'commitments.start_date',
            'least(' ~ finops_chargeback.add_days('commitments.end_date', -1) ~ ', dates.as_of_date)'
        )) }} as usage_date

    from commitments
    cross join dates

),

burned as (

    select
        term_days.commitment_id,
        term_days.amount_usd,
        term_days.start_date,
        term_days.end_date,
        term_days.as_of_date,
        cast(term_days.usage_date as date) as usage_date,
        coalesce(account.cost_usd, cast(0 as {{ finops_chargeback.money_type() }})) as daily_cost_usd,
        sum(coalesce(account.cost_usd, 0)) over (
            partition by term_days.commitment_id order by term_days.usage_date rows unbounded preceding
        ) as cumulative_cost_usd,
        {{ finops_chargeback.days_between('term_days.usage_date', 'term_days.end_date') }} - 1 as days_left

    from term_days
    left join account on term_days.usage_date = account.usage_date

),

profile as (

    -- the forecast for the 7 days after each day (known that day), with running sums
    select
        burned.commitment_id,
        burned.usage_date,
        {{ finops_chargeback.days_between('burned.usage_date', 'account.usage_date') }} - 1 as day_offset,
        account.forecast_expected_usd,
        sum(account.forecast_expected_usd) over (
            partition by burned.commitment_id, burned.usage_date
            order by account.usage_date rows unbounded preceding
        ) as running_expected_usd,
        sum(account.forecast_expected_usd) over (
            partition by burned.commitment_id, burned.usage_date
        ) as week_expected_usd

    from burned
    inner join account
        on
            account.usage_date > burned.usage_date
            and account.usage_date <= {{ finops_chargeback.add_days('burned.usage_date', 7) }}

),

projection as (

    select
        burned.commitment_id,
        burned.usage_date,
        burned.amount_usd - burned.cumulative_cost_usd as left_to_burn_usd,
        min(profile.week_expected_usd) as week_expected_usd,
        count(profile.forecast_expected_usd) = 7 as has_forecast,
        sum(
            {{ finops_chargeback.same_weekday_days('burned.days_left', 'profile.day_offset') }}
            * profile.forecast_expected_usd
        ) as projected_rest_usd

    from burned
    inner join profile
        on burned.commitment_id = profile.commitment_id and burned.usage_date = profile.usage_date
    group by 1, 2, 3

),

exhaustion_weeks as (

    -- what is left to burn: whole weeks at the weekly forecast, then part of one more week
    select
        *,
        {{ whole_weeks }} as whole_weeks,
        left_to_burn_usd - week_expected_usd * ({{ whole_weeks }}) as last_week_usd

    from projection
    where has_forecast and left_to_burn_usd > 0 and week_expected_usd > 0

),

exhaustion as (

    -- the day of the last week on which the running forecast reaches what is left
    select
        exhaustion_weeks.commitment_id,
        exhaustion_weeks.usage_date,
        {{ finops_chargeback.add_days(
            'exhaustion_weeks.usage_date',
            '7 * min(exhaustion_weeks.whole_weeks) + min(case when profile.running_expected_usd >= exhaustion_weeks.last_week_usd then profile.day_offset end) + 1'
        ) }} as projected_exhaustion_date

    from exhaustion_weeks
    inner join profile
        on exhaustion_weeks.commitment_id = profile.commitment_id and exhaustion_weeks.usage_date = profile.usage_date
    group by 1, 2

),

projected as (

    select
        burned.*,
        burned.cumulative_cost_usd + projection.projected_rest_usd as projected_term_cost_usd,
        min(case when burned.cumulative_cost_usd >= burned.amount_usd then burned.usage_date end)
            over (partition by burned.commitment_id) as exhausted_on,
        exhaustion.projected_exhaustion_date

    from burned
    left join projection
        on
            burned.commitment_id = projection.commitment_id
            and burned.usage_date = projection.usage_date
            and projection.has_forecast
    left join exhaustion
        on burned.commitment_id = exhaustion.commitment_id and burned.usage_date = exhaustion.usage_date

),

final as (

    select
        commitment_id,
        usage_date,
        amount_usd,
        start_date,
        end_date,
        daily_cost_usd,
        cast(cumulative_cost_usd as {{ finops_chargeback.money_type() }}) as cumulative_cost_usd,
        {{ finops_chargeback.share_of('cumulative_cost_usd', 'amount_usd') }} as consumed_share,
        cast(projected_term_cost_usd as {{ finops_chargeback.money_type() }}) as projected_term_cost_usd,
        case
            when cumulative_cost_usd >= amount_usd then exhausted_on
            else projected_exhaustion_date
        end as projected_exhaustion_date,
        cast(greatest(amount_usd - projected_term_cost_usd, 0) as {{ finops_chargeback.money_type() }})
            as projected_shortfall_usd,
        cast(greatest(projected_term_cost_usd - amount_usd, 0) as {{ finops_chargeback.money_type() }})
            as projected_overage_usd,
        as_of_date

    from projected

)

select * from final
