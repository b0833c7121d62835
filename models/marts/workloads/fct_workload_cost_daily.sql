{#-
    Cost per workload and day (docs block `workload_cost_daily`). Every workload but serving
    endpoints comes from agg_workload_costs_daily; endpoints from agg_endpoint_costs_resolved,
    where records carrying only an endpoint's name are folded into the endpoint's id on every
    run, so a later record resolving a name is never missed.
    Names come from dim_workload_names (the optional sources, when enabled).
    Incremental by slice (usage day, workload type): the pre-hooks delete the slices to write
    again (the days that received records since the newest fact_loaded_at stored, every
    endpoint row, the days and types of a workload whose stored name is not its current one)
    and a run appends every slice the table does not hold, so a slice deleted by a run that
    failed before its insert is written by the next one.
-#}
{{ config(
    materialized=finops_chargeback.fact_aggregate_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook=[
        "{{ finops_chargeback.delete_dates_aggregated_again('usage_date', false) }}",
        "{{ finops_chargeback.delete_workload_slices_to_rename() }}",
    ],
) }}
-- depends_on: {{ ref('fct_billing_usage') }} (the touched usage dates are read from it)

with

workloads as (

    select * from {{ ref('agg_workload_costs_daily') }}

),

endpoint_costs as (

    select * from {{ ref('agg_endpoint_costs_resolved') }}
    where workload_type = 'endpoint'

),

workload_names as (

    select * from {{ ref('dim_workload_names') }}

),

endpoint_by_cost_center as (

    -- rows with only an endpoint's name are folded into its id when it is known
    select
        usage_date,
        workspace_id,
        endpoint_key as workload_id,
        cost_center_id,
        max(endpoint_name) as endpoint_name,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(serverless_record_count) as bigint) as serverless_record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        max(fact_loaded_at) as fact_loaded_at

    from endpoint_costs
    group by 1, 2, 3, 4

),

endpoint_daily as (

    -- endpoints have no job runs: run_count is 0
    select
        usage_date,
        workspace_id,
        'endpoint' as workload_type,
        workload_id,
        max(endpoint_name) as endpoint_name,
        cast(sum(serverless_record_count) as bigint) as serverless_record_count,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        cast(0 as bigint) as run_count,
        sum(usage_quantity) as usage_quantity,
        coalesce(sum(list_cost_usd), 0) as list_cost_usd,
        coalesce(sum(net_cost_usd), 0) as net_cost_usd,
        {{ finops_chargeback.dominant_cost_center('cost_center_id', 'coalesce(net_cost_usd, 0)') }} as cost_center_id,
        count(*) as cost_center_count,
        max(fact_loaded_at) as fact_loaded_at

    from endpoint_by_cost_center
    group by 1, 2, 3, 4

),

workload_rows as (

    -- the columns of endpoint_daily, in its order
    select
        usage_date,
        workspace_id,
        workload_type,
        workload_id,
        cast(null as {{ dbt.type_string() }}) as endpoint_name,
        serverless_record_count,
        record_count,
        unpriced_record_count,
        run_count,
        usage_quantity,
        list_cost_usd,
        net_cost_usd,
        cost_center_id,
        cost_center_count,
        fact_loaded_at

    from workloads

),

all_workloads as (

    -- endpoints and every other workload never share a key: workload_type differs
    select * from workload_rows
    union all
    select * from endpoint_daily

),

rows_to_write as (

    -- the slices the table does not hold: those the pre-hooks deleted, and any other missing
    select * from all_workloads
    where {{ finops_chargeback.slice_is_not_stored('all_workloads', ['usage_date', 'workload_type']) }}

),

final as (

    select
        rows_to_write.usage_date,
        {{ finops_chargeback.month_start('rows_to_write.usage_date') }} as billing_month,
        rows_to_write.workspace_id,
        rows_to_write.workload_type,
        rows_to_write.workload_id,
        coalesce(workload_names.workload_name, rows_to_write.endpoint_name) as workload_name,
        rows_to_write.serverless_record_count > 0 as is_serverless,
        rows_to_write.record_count,
        rows_to_write.unpriced_record_count,
        rows_to_write.run_count,
        rows_to_write.usage_quantity,
        rows_to_write.list_cost_usd,
        rows_to_write.net_cost_usd,
        rows_to_write.cost_center_id,
        rows_to_write.cost_center_count,
        rows_to_write.fact_loaded_at,
        -- when this run wrote the row: the scoped key test checks the rows written since
        -- the tested watermark (a rewritten slice keeps its records' fact_loaded_at)
        {{ finops_chargeback.fact_run_loaded_at() }} as written_at

    from rows_to_write
    left join workload_names
        on
            rows_to_write.workspace_id = workload_names.workspace_id
            and rows_to_write.workload_type = workload_names.workload_type
            and rows_to_write.workload_id = workload_names.workload_id

)

select * from final
