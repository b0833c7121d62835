{#-
    How a spend commitment burns down: one row per commitment and day of its term up to the
    as-of date, with the account's cumulative net cost since the term started and, as seen
    that day, the projected consumption at term end, the projected exhaustion date and the
    projected shortfall or overage. Docs block `commitment_burndown`.
-#}
{%- set money = finops_chargeback.money_type() -%}
{%- set left = '(burned.amount_usd - burned.cumulative_cost_usd)' -%}
{#- capped at 100,000 weeks, so a tiny weekly forecast cannot overflow the integer -#}
{%- set whole_weeks = 'cast(least(ceil(' ~ finops_chargeback.share_of(left, 'profile.week_expected_usd')
    ~ '), 100000) as int) - 1' -%}

with

commitments as (

    select * from {{ ref('commitments') }}

),

account as (

    select * from {{ ref('fct_cost_baseline_daily') }}
    where scope_type = 'account'

),

term_days as (

    select
        {{ finops_chargeback.seed_text('commitments.commitment_id') }} as commitment_id,
        cast(commitments.amount_usd as {{ money }}) as amount_usd,
        commitments.start_date,
        commitments.end_date,
        as_of_day.as_of_date,
        {{ finops_chargeback.explode_array(finops_chargeback.date_sequence(
            'commitments.start_date',
            'least(' ~ finops_chargeback.add_days('commitments.end_date', -1) ~ ', as_of_day.as_of_date)'
        )) }} as usage_date

    from commitments
    inner join account as as_of_day on as_of_day.usage_date = as_of_day.as_of_date

),

burned as (

    select
        term_days.commitment_id,
        term_days.amount_usd,
        term_days.start_date,
        term_days.end_date,
        term_days.as_of_date,
        cast(term_days.usage_date as date) as usage_date,
        coalesce(account.cost_usd, cast(0 as {{ money }})) as daily_cost_usd,
        sum(coalesce(account.cost_usd, 0)) over (
            partition by term_days.commitment_id order by term_days.usage_date rows unbounded preceding
        ) as cumulative_cost_usd,
        {{ finops_chargeback.days_between('term_days.usage_date', 'term_days.end_date') }} - 1 as days_left

    from term_days
    left join account on term_days.usage_date = account.usage_date

),

profile as (

    -- for each day, the forecast of the 7 days after it (known that day), with running sums
    select
        known.usage_date,
        {{ finops_chargeback.days_between('known.usage_date', 'ahead.usage_date') }} - 1 as day_offset,
        ahead.forecast_expected_usd,
        sum(ahead.forecast_expected_usd) over (
            partition by known.usage_date order by ahead.usage_date rows unbounded preceding
        ) as running_expected_usd,
        sum(ahead.forecast_expected_usd) over (partition by known.usage_date) as week_expected_usd

    from account as known
    inner join account as ahead
        on
            ahead.usage_date > known.usage_date
            and ahead.usage_date <= {{ finops_chargeback.add_days('known.usage_date', 7) }}
    where known.is_complete_day

),

projection as (

    -- what is left to burn takes whole weeks at the weekly forecast, then the days of one
    -- more week until that week's running forecast reaches the rest (last_day_offset)
    select
        burned.commitment_id,
        burned.usage_date,
        burned.amount_usd - burned.cumulative_cost_usd as left_to_burn_usd,
        min(profile.week_expected_usd) as week_expected_usd,
        sum({{ finops_chargeback.amount_times_count(
            'profile.forecast_expected_usd',
            finops_chargeback.same_weekday_days('burned.days_left', 'profile.day_offset')
        ) }}) as projected_rest_usd,
        min({{ whole_weeks }}) as whole_weeks,
        min(case
            when profile.running_expected_usd
                >= {{ left }} - {{ finops_chargeback.amount_times_count('profile.week_expected_usd', whole_weeks) }}
                then profile.day_offset
        end) as last_day_offset

    from burned
    inner join profile on burned.usage_date = profile.usage_date
    group by 1, 2, 3
    -- a projection needs the forecast of all 7 weekdays
    having count(profile.forecast_expected_usd) = 7

),

used_up as (

    select
        commitment_id,
        min(usage_date) as used_up_on

    from burned
    where cumulative_cost_usd >= amount_usd
    group by 1

),

final as (

    select
        burned.commitment_id,
        burned.usage_date,
        burned.amount_usd,
        burned.start_date,
        burned.end_date,
        burned.daily_cost_usd,
        cast(burned.cumulative_cost_usd as {{ money }}) as cumulative_cost_usd,
        {{ finops_chargeback.share_of('burned.cumulative_cost_usd', 'burned.amount_usd') }} as consumed_share,
        cast(burned.cumulative_cost_usd + projection.projected_rest_usd as {{ money }}) as projected_term_cost_usd,
        case
            -- once used up: the day the cumulative cost reached the amount
            when burned.cumulative_cost_usd >= burned.amount_usd then used_up.used_up_on
            when projection.week_expected_usd > 0
                then {{ finops_chargeback.add_days(
                    'projection.usage_date', '7 * projection.whole_weeks + projection.last_day_offset + 1'
                ) }}
        end as projected_exhaustion_date,
        -- empty without a projection (greatest() would skip the null)
        cast(case
            when projection.left_to_burn_usd >= projection.projected_rest_usd
                then projection.left_to_burn_usd - projection.projected_rest_usd
            when projection.left_to_burn_usd < projection.projected_rest_usd then 0
        end as {{ money }}) as projected_shortfall_usd,
        cast(case
            when projection.projected_rest_usd >= projection.left_to_burn_usd
                then projection.projected_rest_usd - projection.left_to_burn_usd
            when projection.projected_rest_usd < projection.left_to_burn_usd then 0
        end as {{ money }}) as projected_overage_usd,
        burned.as_of_date

    from burned
    left join projection
        on burned.commitment_id = projection.commitment_id and burned.usage_date = projection.usage_date
    left join used_up on burned.commitment_id = used_up.commitment_id

)

select * from final
