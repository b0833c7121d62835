{#-
    Cost per workload and day (docs block `workload_cost_daily`). Every workload but serving
    endpoints comes from agg_workload_costs_daily; endpoints from agg_endpoint_costs_resolved,
    where records carrying only an endpoint's name are folded into the endpoint's id on every
    run, so a later record resolving a name is never missed.
    Names come from dim_workload_names (the optional sources, when enabled).
    Incremental by slice (usage day, workload type): a run writes the days that received
    records since the newest fact_loaded_at stored (deleted first by the pre-hook), the days
    and types of a workload whose stored name is not its current one, and every endpoint row.
-#}
{{ config(
    materialized=finops_chargeback.fact_aggregate_materialization(),
    unique_key=['usage_date', 'workload_type'],
    on_schema_change='append_new_columns',
    pre_hook="{{ finops_chargeback.delete_dates_aggregated_again('usage_date', false) }}",
) }}
-- depends_on: {{ ref('fct_billing_usage') }} (the touched usage dates are read from it)
{%- set watermark = finops_chargeback.fact_watermark() -%}
{%- if watermark is not none and not finops_chargeback.can_read_own_rows_while_replacing() -%}
    {#- renamed workloads are found in the stored rows; an engine that would read them after
        deleting them (can_read_own_rows_while_replacing) writes every row instead -#}
    {%- set watermark = none -%}
{%- endif %}

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

{%- if watermark is not none %}

renamed_slices as (

    -- the days and types of the stored rows whose workload has another name now
    select distinct
        stored_rows.usage_date,
        stored_rows.workload_type

    from {{ this }} as stored_rows
    left join workload_names
        on
            stored_rows.workspace_id = workload_names.workspace_id
            and stored_rows.workload_type = workload_names.workload_type
            and stored_rows.workload_id = workload_names.workload_id
    where
        stored_rows.workload_type != 'endpoint'
        and stored_rows.workload_name is distinct from workload_names.workload_name

),
{%- endif %}

workloads_to_write as (

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
    {%- if watermark is not none %}
    where
        {{ finops_chargeback.stored_date_is_touched('usage_date') }}
        or exists (
            select 1
            from renamed_slices
            where
                renamed_slices.usage_date = workloads.usage_date
                and renamed_slices.workload_type = workloads.workload_type
        )
    {%- endif %}

),

all_workloads as (

    -- endpoints and every other workload never share a key: workload_type differs
    select * from workloads_to_write
    union all
    select * from endpoint_daily

),

final as (

    select
        all_workloads.usage_date,
        {{ finops_chargeback.month_start('all_workloads.usage_date') }} as billing_month,
        all_workloads.workspace_id,
        all_workloads.workload_type,
        all_workloads.workload_id,
        coalesce(workload_names.workload_name, all_workloads.endpoint_name) as workload_name,
        all_workloads.serverless_record_count > 0 as is_serverless,
        all_workloads.record_count,
        all_workloads.unpriced_record_count,
        all_workloads.run_count,
        all_workloads.usage_quantity,
        all_workloads.list_cost_usd,
        all_workloads.net_cost_usd,
        all_workloads.cost_center_id,
        all_workloads.cost_center_count,
        all_workloads.fact_loaded_at

    from all_workloads
    left join workload_names
        on
            all_workloads.workspace_id = workload_names.workspace_id
            and all_workloads.workload_type = workload_names.workload_type
            and all_workloads.workload_id = workload_names.workload_id

)

select * from final
