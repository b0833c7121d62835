with

source as (

    select * from {{ source('billing', 'usage') }}

),

renamed as (

    select
        record_id,
        account_id,
        workspace_id,
        sku_name,
        cloud,
        cast(usage_start_time as timestamp) as usage_start_time,
        cast(usage_end_time as timestamp) as usage_end_time,
        cast(usage_date as date) as usage_date,
        usage_unit,
        usage_quantity,
        record_type,
        cast(ingestion_date as date) as ingestion_date,
        billing_origin_product,
        usage_type,

        usage_metadata.cluster_id as cluster_id,
        usage_metadata.job_id as job_id,
        usage_metadata.job_run_id as job_run_id,
        usage_metadata.job_name as job_name,
        usage_metadata.run_name as run_name,
        usage_metadata.warehouse_id as warehouse_id,
        usage_metadata.instance_pool_id as instance_pool_id,
        usage_metadata.node_type as node_type,
        usage_metadata.notebook_id as notebook_id,
        usage_metadata.notebook_path as notebook_path,
        usage_metadata.dlt_pipeline_id as dlt_pipeline_id,
        usage_metadata.dlt_update_id as dlt_update_id,
        usage_metadata.dlt_maintenance_id as dlt_maintenance_id,
        usage_metadata.endpoint_id as endpoint_id,
        usage_metadata.endpoint_name as endpoint_name,
        usage_metadata.app_id as app_id,
        usage_metadata.app_name as app_name,
        usage_metadata.budget_policy_id as budget_policy_id,
        usage_metadata.usage_policy_id as usage_policy_id,
        usage_metadata.source_region as source_region,
        usage_metadata.destination_region as destination_region,
        usage_metadata.metastore_id as metastore_id,

        identity_metadata.run_as as run_as,
        identity_metadata.owned_by as owned_by,
        identity_metadata.created_by as created_by,

        coalesce(product_features.is_serverless, false) as is_serverless,
        coalesce(product_features.is_photon, false) as is_photon,
        product_features.serving_type as serving_type,
        product_features.jobs_tier as jobs_tier,
        product_features.sql_tier as sql_tier,
        product_features.dlt_tier as dlt_tier,

        custom_tags

    from source

)

select * from renamed
