{#-
    Cost per scope and usage day, for every scope that budgets, forecasts and anomalies look
    at (table in the docs block `cost_series`): one row per scope and day with records.
    fct_cost_series_daily adds the days without cost. Workloads are only looked at for
    anomalies: those whose daily cost is never at least half `anomaly_min_deviation_usd`
    away from 0 can never be flagged and are left out (most workloads: at 10M records 95 %).
-#}
with

showback as (

    select * from {{ ref('fct_showback_daily') }}

),

workloads as (

    select * from {{ ref('fct_workload_cost_daily') }}

),

chargeback as (

    select * from {{ ref('fct_cost_center_chargeback_daily') }}

),

tag_costs as (

    select * from {{ ref('agg_tag_costs_daily') }}

),

tag_budgets as (

    select distinct scope_value from {{ ref('dim_budgets') }}
    where scope_type = 'tag'

),

flaggable_workloads as (

    -- grouped by the workload's own columns, not its scope value: no string is built for
    -- the workloads left out (at 100M records 10M rows, 6 % kept); a workload with a null
    -- part is kept, so the not_null test on scope_value still sees it
    select
        workspace_id,
        workload_type,
        workload_id

    from workloads
    group by 1, 2, 3
    having
        workspace_id is null
        or workload_type is null
        or workload_id is null
        or {{ finops_chargeback.could_be_flagged_as_anomaly('net_cost_usd') }}

),

workload_costs as (

    select
        'workload' as scope_type,
        workloads.workspace_id || '/' || workloads.workload_type || '/' || workloads.workload_id as scope_value,
        workloads.usage_date,
        workloads.net_cost_usd as cost_usd

    from workloads
    inner join flaggable_workloads
        on {{ finops_chargeback.columns_match(
            'workloads', 'flaggable_workloads', ['workspace_id', 'workload_type', 'workload_id']
        ) }}

),

scope_types as (

    -- the scopes read from showback (one row of showback counts once in each)
    select 'account' as scope_type
    union all
    select 'workspace' as scope_type
    union all
    select 'cost_center' as scope_type
    union all
    select 'billing_origin_product' as scope_type
    union all
    select 'sku_name' as scope_type

),

costs as (

    select
        scope_types.scope_type,
        case scope_types.scope_type
            when 'account' then 'all'
            when 'workspace' then showback.workspace_id
            when 'cost_center' then showback.cost_center_id
            when 'billing_origin_product' then showback.billing_origin_product
            else showback.sku_name
        end as scope_value,
        showback.usage_date,
        showback.net_cost_usd as cost_usd

    from showback
    cross join scope_types

    union all

    select
        'cost_center_chargeback' as scope_type,
        cost_center_id as scope_value,
        usage_date,
        chargeback_cost_usd as cost_usd

    from chargeback

    union all

    select * from workload_costs

    union all

    -- only the tags that a budget names
    select
        'tag' as scope_type,
        tag_costs.tag_key || '=' || tag_costs.tag_value as scope_value,
        tag_costs.usage_date,
        tag_costs.net_cost_usd as cost_usd

    from tag_costs
    inner join tag_budgets on tag_costs.tag_key || '=' || tag_costs.tag_value = tag_budgets.scope_value

),

final as (

    select
        scope_type,
        scope_value,
        usage_date,
        sum(cost_usd) as cost_usd

    from costs
    group by 1, 2, 3

)

select * from final
