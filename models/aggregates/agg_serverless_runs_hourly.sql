{#-
    Serverless usage per run (job_run_id, else dlt_update_id; null for run-less work) and hour.
    Incremental by the day of the hour (docs block `incremental_runs`): if the new records only
    add to the stored ones (fact_increment_is_additive), their sums are added to the stored
    run-hours; else the touched days are aggregated again from all their records.
-#}
{{ config(materialized=finops_chargeback.fact_aggregate_materialization(), unique_key='usage_date') }}
{%- set run_hour_date = 'cast(usage_start_time as date)' -%}
{%- set adds_to_stored = finops_chargeback.fact_increment_is_additive(
    run_hour_date, timestamp_column='usage_start_time', record_filter='is_serverless'
) -%}
{%- set run_hour = ['workspace_id', 'workload_type', 'workload_id', 'run_id', 'usage_hour'] -%}
{%- set columns = run_hour + [
    'usage_date', 'billing_month', 'run_as', 'record_count', 'unpriced_record_count', 'usage_quantity',
    'list_cost_usd', 'net_cost_usd', 'cost_center_id', 'cost_center_count', 'fact_loaded_at',
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

stored_days as (

    select
        stored.*,
        touched_run_hours.usage_hour is not null as is_touched
    from {{ this }} as stored
    left join touched_run_hours
        on {{ finops_chargeback.columns_match('stored', 'touched_run_hours', run_hour) }}
    where {{ finops_chargeback.stored_date_is_touched('stored.usage_date', run_hour_date) }}

),

-- a touched run-hour with several cost centers: its earlier records, per cost center
earlier_records as (

    select records.*
    from {{ ref('fct_billing_usage') }} as records
    inner join stored_days
        on
            records.workspace_id = stored_days.workspace_id
            and records.workload_type is not distinct from stored_days.workload_type
            and records.workload_id is not distinct from stored_days.workload_id
            and coalesce(records.job_run_id, records.dlt_update_id) is not distinct from stored_days.run_id
            and date_trunc('hour', records.usage_start_time) = stored_days.usage_hour
    where
        stored_days.is_touched
        and stored_days.cost_center_count > 1
        and not {{ finops_chargeback.is_new_fact_record('records.loaded_at') }}
        and {{ finops_chargeback.usage_date_is_touched(run_hour_date, timestamp_column='records.usage_start_time') }}

),

earlier_by_cost_center as (

    {{ finops_chargeback.aggregate_serverless_usage('earlier_records') }}

),

-- a touched run-hour with one cost center: its stored row is that cost center's sum
stored_by_cost_center as (

    select * from stored_days
    where is_touched and cost_center_count = 1

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
    {%- if adds_to_stored %}

    union all

    -- the stored run-hours of the touched days that nothing new touched, as they were
    select
        {{ columns | join(',\n        ') }}
    from stored_days
    where not is_touched
    {%- endif %}

)

select * from final
