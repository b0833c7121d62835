{#-
    The ids of the usage records this run of fct_billing_usage processes, on an incremental
    run: the ids of the lookback window's records (macro billing_usage_increment) that the
    fact does not hold yet. Found once, here, on the id column alone (a stored record is
    immutable and has nothing new to say), and read by the intermediates that select the
    run's records (macro usage_increment_predicate). With nothing new, no other column of the
    window's records is read. The stored fact is read through the relation
    billing_usage_increment found, not ref(): it is the model this chain builds. Empty on a
    first, full-refresh or reprocessing run, when every record is processed and nothing
    reads it.
-#}
{%- set increment = finops_chargeback.billing_usage_increment() -%}
{%- if increment.mode == 'incremental' -%}
    {%- set stored_relation = increment.relation -%}
    {%- set in_window = "ingestion_date >= cast('" ~ increment.since ~ "' as date) or ingestion_date is null" -%}
{%- else -%}
    {#- nothing reads this model then; both sides stay empty -#}
    {%- set stored_relation = ref('stg_billing__usage') -%}
    {%- set in_window = 'false' -%}
{%- endif %}

with

window_records as (

    select record_id from {{ ref('stg_billing__usage') }}
    where {{ in_window }}

),

stored_records as (

    select record_id from {{ stored_relation }}
    where {{ in_window }}

),

new_records as (

    -- `except`, unlike `not in`, has no null trap
    select record_id from window_records
    except
    select record_id from stored_records

)

select * from new_records
