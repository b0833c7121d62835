{#-
    The record fact, stored incrementally (docs block `incremental_runs`). The ephemeral
    chain int_usage_tags -> int_usage_priced -> int_usage_tag_matches -> int_usage_attributed
    is inlined here and, on an incremental run, reads only the records ingested since the
    lookback date that the fact does not hold yet (their ids: int_usage_new_record_ids, found
    once per run); they replace their stored version by record_id. The key names the usage
    date too (a raw field of the record, so the same rows): the engine then reads only the
    stored usage dates the new records fall on to find their stored versions. When the
    configuration fingerprint differs from the stored one, every record is processed again.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=finops_chargeback.incremental_strategy_for_target(),
    unique_key=['usage_date', 'record_id'],
    on_schema_change='append_new_columns',
) }}
{%- set increment = finops_chargeback.billing_usage_increment() -%}
{%- set can_replace_rows = finops_chargeback.incremental_strategy_for_target() != 'append' -%}
{%- if is_incremental() and increment.mode == 'reprocess' and not can_replace_rows -%}
    {{ exceptions.raise_compiler_error(
        "fct_billing_usage was attributed with another configuration (a seed, list price, variable or "
        ~ "model changed) and this target's 'append' strategy cannot replace stored rows: "
        ~ "run `dbt build --full-refresh -s fct_billing_usage+`."
    ) }}
{%- endif %}

with

usage as (

    select * from {{ ref('int_usage_attributed') }}

),

final as (

    select
        record_id,
        account_id,
        workspace_id,
        usage_date,
        {{ finops_chargeback.month_start('usage_date') }} as billing_month,
        usage_start_time,
        usage_end_time,
        ingestion_date,
        record_type,
        cloud,
        sku_name,
        billing_origin_product,
        usage_type,
        usage_unit,
        usage_quantity,
        is_serverless,
        is_photon,
        serving_type,

        workload_type,
        workload_id,
        job_id,
        job_run_id,
        dlt_pipeline_id,
        dlt_update_id,
        warehouse_id,
        endpoint_id,
        endpoint_name,
        app_id,
        notebook_id,
        cluster_id,
        budget_policy_id,
        usage_policy_id,

        {{ finops_chargeback.mask_identity('run_as') }} as run_as,
        {{ finops_chargeback.mask_identity('owned_by') }} as owned_by,
        {{ finops_chargeback.mask_identity('created_by') }} as created_by,
        custom_tags,

        cost_center_id,
        attribution_method,
        has_invalid_cost_center_tag,
        invalid_cost_center_tag_value,

        is_priced,
        unit_price,
        discount_rate,
        matching_discount_count,
        account_price,
        net_price_source,
        list_cost_usd,
        net_cost_usd,

        -- configuration the record was priced and attributed with, and when this version of
        -- the record was written (docs block `incremental_runs`)
        '{{ increment.fingerprint }}' as config_fingerprint,
        {{ finops_chargeback.fact_run_loaded_at() }} as loaded_at,
        -- record_id as a number, for the key test (macro stable_hash_bigint)
        {{ finops_chargeback.stable_hash_bigint('record_id') }} as record_id_hash

    from usage

)

select * from final
