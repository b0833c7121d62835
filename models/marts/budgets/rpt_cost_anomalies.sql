{#-
    Unusual days: one row per usage day, scope type and scope flagged as a spike, a drop or
    new spend, for the account, workspaces, cost centers (direct net cost), products, SKUs and
    workloads. Thresholds are variables (anomaly_*). Method: docs block `anomaly_method`.
-#}
{%- set deviation = 'cost_usd - anomaly_expected_usd' -%}

with

baseline as (

    select * from {{ ref('fct_cost_baseline_daily') }}
    where
        is_complete_day
        and scope_type in ('account', 'workspace', 'cost_center', 'billing_origin_product', 'sku_name', 'workload')

),

workspaces as (

    select * from {{ ref('dim_workspaces') }}

),

cost_centers as (

    select * from {{ ref('dim_cost_centers') }}

),

workload_names as (

    select
        workspace_id || '/' || workload_type || '/' || workload_id as scope_value,
        max(workspace_id) as workspace_id,
        max(workload_name) as workload_name

    from {{ ref('fct_workload_cost_daily') }}
    group by 1

),

scored as (

    select
        *,
        cost_usd - anomaly_expected_usd as deviation_usd,
        -- a robust z-score: deviation over the spread of the same weekdays (MAD scaled to a
        -- standard deviation; the mean absolute deviation when the MAD is 0; none when both are)
        coalesce(
            {{ finops_chargeback.share_of(deviation, '1.4826 * median_absolute_deviation_usd') }},
            {{ finops_chargeback.share_of(deviation, '1.2533 * mean_absolute_deviation_usd') }}
        ) as score,
        (
            usage_date = first_cost_date
            and first_cost_date
            >= {{ finops_chargeback.add_days('data_start_date', 7 * var('anomaly_min_history_days')) }}
        ) as is_new_spend

    from baseline

),

flagged as (

    select
        *,
        case
            when is_new_spend then 'new_spend'
            when deviation_usd > 0 then 'spike'
            else 'drop'
        end as anomaly_type

    from scored
    where
        (is_new_spend and abs(cost_usd) >= {{ var('anomaly_min_deviation_usd') }})
        or (
            not is_new_spend
            and anomaly_history_days >= {{ var('anomaly_min_history_days') }}
            and (score is null or abs(score) >= {{ var('anomaly_min_score') }})
            and (
                anomaly_expected_usd = 0
                or abs({{ finops_chargeback.share_of('deviation_usd', 'anomaly_expected_usd') }})
                >= {{ var('anomaly_min_deviation_share') }}
            )
            and (
                cost_usd >= history_high_usd + {{ var('anomaly_min_deviation_usd') }}
                or cost_usd <= history_low_usd - {{ var('anomaly_min_deviation_usd') }}
            )
        )

),

final as (

    select
        flagged.usage_date,
        flagged.scope_type,
        flagged.scope_value,
        case flagged.scope_type
            when 'account' then 'account'
            when 'workspace' then workspaces.workspace_name
            when 'cost_center' then cost_centers.cost_center_name
            when 'workload' then workload_names.workload_name
            else flagged.scope_value
        end as scope_name,
        case
            when flagged.scope_type = 'workspace' then flagged.scope_value
            when flagged.scope_type = 'workload' then workload_names.workspace_id
        end as workspace_id,
        flagged.anomaly_type,
        flagged.is_new_spend,
        flagged.cost_usd as actual_cost_usd,
        coalesce(flagged.anomaly_expected_usd, cast(0 as {{ finops_chargeback.money_type() }})) as expected_cost_usd,
        cast(flagged.cost_usd - coalesce(flagged.anomaly_expected_usd, 0) as {{ finops_chargeback.money_type() }})
            as deviation_usd,
        {{ finops_chargeback.share_of('flagged.deviation_usd', 'flagged.anomaly_expected_usd') }} as deviation_share,
        flagged.score,
        flagged.anomaly_history_days as history_days,
        flagged.history_low_usd,
        flagged.history_high_usd,
        flagged.as_of_date

    from flagged
    left join workspaces
        on flagged.scope_type = 'workspace' and flagged.scope_value = workspaces.workspace_id
    left join cost_centers
        on flagged.scope_type = 'cost_center' and flagged.scope_value = cost_centers.cost_center_id
    left join workload_names
        on flagged.scope_type = 'workload' and flagged.scope_value = workload_names.scope_value

)

select * from final
