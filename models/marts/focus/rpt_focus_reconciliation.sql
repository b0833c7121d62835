{#-
    The FOCUS export reconciled to chargeback, per billing month (docs block `focus_export`):
    billed = chargeback total of the month + corrections moved in - corrections moved out.
-#}
with

charges as (

    select * from {{ ref('fct_focus_charges') }}

),

chargeback as (

    select * from {{ ref('fct_chargeback_monthly') }}

),

chargeback_totals as (

    select
        billing_month,
        cast(sum(total_chargeback_usd) as {{ finops_chargeback.money_type() }}) as chargeback_total_usd

    from chargeback
    group by 1

),

billed as (

    select
        cast(BillingPeriodStart as date) as billing_month,
        count(*) as charge_count,
        count(case when ChargeClass = 'Correction' then 1 end) as correction_count,
        cast(sum(BilledCost) as {{ finops_chargeback.money_type() }}) as billed_cost_usd,
        cast(
            sum(case when ChargeClass = 'Correction' then BilledCost else 0 end) as {{ finops_chargeback.money_type() }}
        ) as corrections_moved_in_usd

    from charges
    group by 1

),

moved_out as (

    -- corrections are billed later than their usage month: they leave that month's bill
    select
        {{ finops_chargeback.month_start('x_UsageDate') }} as billing_month,
        cast(sum(BilledCost) as {{ finops_chargeback.money_type() }}) as corrections_moved_out_usd

    from charges
    where ChargeClass = 'Correction'
    group by 1

),

months as (

    select billing_month from chargeback_totals
    union
    select billing_month from billed

),

final as (

    select
        months.billing_month,
        coalesce(billed.charge_count, 0) as charge_count,
        coalesce(billed.correction_count, 0) as correction_count,
        coalesce(chargeback_totals.chargeback_total_usd, 0) as chargeback_total_usd,
        coalesce(billed.corrections_moved_in_usd, 0) as corrections_moved_in_usd,
        coalesce(moved_out.corrections_moved_out_usd, 0) as corrections_moved_out_usd,
        coalesce(billed.billed_cost_usd, 0) as billed_cost_usd,
        -- billed - (chargeback + moved in - moved out), without Spark dropping scale
        {{ finops_chargeback.add_money([
            'coalesce(billed.billed_cost_usd, 0)',
            '-' ~ finops_chargeback.add_money([
                'coalesce(chargeback_totals.chargeback_total_usd, 0)',
                'coalesce(billed.corrections_moved_in_usd, 0)',
                '-coalesce(moved_out.corrections_moved_out_usd, 0)',
            ]),
        ]) }} as unreconciled_usd

    from months
    left join chargeback_totals on months.billing_month = chargeback_totals.billing_month
    left join billed on months.billing_month = billed.billing_month
    left join moved_out on months.billing_month = moved_out.billing_month

)

select * from final
