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
        warehouse_id,
        endpoint_id,
        endpoint_name,
        app_id,
        notebook_id,
        cluster_id,
        budget_policy_id,
        usage_policy_id,

        run_as,
        owned_by,
        created_by,
        custom_tags,

        cost_center_id,
        attribution_method,
        has_invalid_cost_center_tag,
        invalid_cost_center_tag_value,

        is_priced,
        unit_price,
        discount_rate,
        list_cost_usd,
        net_cost_usd

    from usage

)

select * from final
