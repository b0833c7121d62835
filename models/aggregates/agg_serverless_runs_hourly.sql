{#-
    Serverless usage per run (job_run_id, else dlt_update_id; null for run-less work) and hour.
    Incremental (docs block `incremental_runs`): if the new records only add to the stored ones
    (fact_increment_is_additive), their sums are added to the stored run-hours they touch and
    only those run-hours are written (key usage_date and run_hour_key); else the pre-hook
    deletes the touched days and they are aggregated again from all their records.
-#}
{{ config(
    materialized=finops_chargeback.fact_aggregate_materialization(),
    unique_key=['usage_date', 'run_hour_key'],
    pre_hook="{{ finops_chargeback.delete_dates_aggregated_again(
        finops_chargeback.serverless_run_hour_date(), finops_chargeback.serverless_run_hours_are_additive()
    ) }}",
) }}
{%- do finops_chargeback.require_stored_key('run_hour_key') -%}
{%- set run_hour_date = finops_chargeback.serverless_run_hour_date() -%}
{%- set adds_to_stored = finops_chargeback.serverless_run_hours_are_additive() -%}
{%- set run_hour = ['workspace_id', 'workload_type', 'workload_id', 'run_id', 'usage_hour'] -%}
{%- set columns = run_hour + [
    'usage_date', 'run_hour_key', 'billing_month', 'run_as', 'record_count', 'unpriced_record_count',
    'usage_quantity', 'list_cost_usd', 'net_cost_usd', 'cost_center_id', 'cost_center_count', 'fact_loaded_at',
] %}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    -- the key, usage_date, is the date of the run-hour's start
    where
        {{ finops_chargeback.usage_date_is_touched(run_hour_date, timestamp_column='usage_start_time') }}
        -- when adding to the stored run-hours: only the records loaded since they were written
        and {{ finops_chargeback.is_new_fact_record() if adds_to_stored else 'true' }}

),

records_by_cost_center as (

    {{ finops_chargeback.aggregate_serverless_usage('usage') }}

),
{%- if adds_to_stored %}

touched_run_hours as (

    select distinct {{ run_hour | join(', ') }}
    from records_by_cost_center

),

-- the stored rows of the run-hours the new records touch
touched_stored_run_hours as (

    select stored.*
    from {{ this }} as stored
    inner join touched_run_hours
        on {{ finops_chargeback.columns_match('stored', 'touched_run_hours', run_hour) }}
    where {{ finops_chargeback.stored_date_is_touched('stored.usage_date', run_hour_date) }}

),

-- a touched run-hour with several cost centers: its earlier records, per cost center
earlier_records as (

    select records.*
    from {{ ref('fct_billing_usage') }} as records
    inner join touched_stored_run_hours as stored
        on
            records.workspace_id = stored.workspace_id
            and records.workload_type is not distinct from stored.workload_type
            and records.workload_id is not distinct from stored.workload_id
            and coalesce(records.job_run_id, records.dlt_update_id) is not distinct from stored.run_id
            and date_trunc('hour', records.usage_start_time) = stored.usage_hour
    where
        stored.cost_center_count > 1
        and not {{ finops_chargeback.is_new_fact_record('records.loaded_at') }}
        and {{ finops_chargeback.usage_date_is_touched(run_hour_date, timestamp_column='records.usage_start_time') }}

),

earlier_by_cost_center as (

    {{ finops_chargeback.aggregate_serverless_usage('earlier_records') }}

),

-- a touched run-hour with one cost center: its stored row is that cost center's sum
stored_by_cost_center as (

    select * from touched_stored_run_hours
    where cost_center_count = 1

),
{%- endif %}

-- the new records' sums plus the stored ones (with nothing stored to add to: the records' sums)
runs_by_cost_center as (

    {{ finops_chargeback.add_serverless_sums(
        ['records_by_cost_center'] + (['earlier_by_cost_center', 'stored_by_cost_center'] if adds_to_stored else []),
        run_hour,
    ) }}

),

runs_hourly as (

    select
        {{ run_hour | join(', ') }},
        cast(usage_hour as date) as usage_date,
        {{ dbt_utils.generate_surrogate_key(run_hour) }} as run_hour_key,
        {{ finops_chargeback.month_start('usage_hour') }} as billing_month,
        max(run_as) as run_as,
        cast(sum(record_count) as bigint) as record_count,
        cast(sum(unpriced_record_count) as bigint) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        coalesce(sum(list_cost_usd), 0) as list_cost_usd,
        coalesce(sum(net_cost_usd), 0) as net_cost_usd,
        {{ finops_chargeback.dominant_cost_center('cost_center_id', 'coalesce(net_cost_usd, 0)') }} as cost_center_id,
        count(*) as cost_center_count,
        max(fact_loaded_at) as fact_loaded_at

    from runs_by_cost_center
    group by 1, 2, 3, 4, 5

),

final as (

    select
        {{ columns | join(',\n        ') }}
    from runs_hourly

)

select * from final
-- DuckDB: stored by day, so an incremental run reads only the row groups of its touched days
{{ finops_chargeback.rows_in_order_of('usage_date') }}
