{#-
    The priced usage records as a FOCUS 1.2 dataset, one row per record (docs block
    `focus_export`). FOCUS columns first, under their exact FOCUS names, then this project's
    x_ columns. Unpriced records are not billed charges: they stay in rpt_unpriced_usage.
    ResourceName comes from dim_workload_names (jobs, pipelines, warehouses) or, for serving
    endpoints, from the record: the export waits for nothing but the fact and the dimensions.
    Incremental (docs block `incremental_runs`): the charges of the records loaded since the
    newest x_FactLoadedAt stored are written, replacing any stored charge of the same record
    (keyed by x_UsageDate and x_RecordId: the same rows, but the engine reads only the usage
    dates the new charges fall on to find them).
-#}
{{ config(
    materialized=finops_chargeback.fact_aggregate_materialization(),
    unique_key=['x_UsageDate', 'x_RecordId'],
    on_schema_change='append_new_columns',
) }}

with

usage as (

    select * from {{ ref('fct_billing_usage') }}
    where
        is_priced
        and {{ finops_chargeback.is_new_fact_record('loaded_at', 'x_FactLoadedAt') }}

),

workspaces as (

    select * from {{ ref('dim_workspaces') }}

),

services as (

    select * from {{ ref('focus_service_map') }}

),

workload_names as (

    select * from {{ ref('dim_workload_names') }}

),

closing as (

    -- a record ingested after its usage month was closed corrects an invoiced month
    select
        *,
        coalesce(
            ingestion_date >= {{ finops_chargeback.date_plus_days(
                finops_chargeback.date_plus_months('billing_month', 1),
                var('billing_period_close_days')
            ) }},
            false
        ) as is_correction

    from usage

),

billing_periods as (

    -- a correction is billed in its ingestion month, every other record in its usage month
    select
        *,
        case
            when is_correction then {{ finops_chargeback.month_start('ingestion_date') }}
            else billing_month
        end as billing_period_month

    from closing

),

charges as (

    select
        *,
        {{ finops_chargeback.date_plus_months('billing_period_month', 1) }} as next_billing_period_month

    from billing_periods

),

final as (

    select
        charges.net_cost_usd as BilledCost,
        charges.account_id as BillingAccountId,
        cast(null as {{ dbt.type_string() }}) as BillingAccountName,
        '{{ var("currency_code") }}' as BillingCurrency,
        cast(charges.next_billing_period_month as timestamp) as BillingPeriodEnd,
        cast(charges.billing_period_month as timestamp) as BillingPeriodStart,
        'Usage' as ChargeCategory,
        case when charges.is_correction then 'Correction' end as ChargeClass,
        concat(
            case charges.record_type
                when 'RETRACTION' then 'Retraction of '
                when 'RESTATEMENT' then 'Restatement of '
                else ''
            end,
            charges.sku_name, ' usage in ', charges.usage_unit
        ) as ChargeDescription,
        'Usage-Based' as ChargeFrequency,
        charges.usage_end_time as ChargePeriodEnd,
        charges.usage_start_time as ChargePeriodStart,
        charges.usage_quantity as ConsumedQuantity,
        charges.usage_unit as ConsumedUnit,
        charges.net_cost_usd as ContractedCost,
        cast(case charges.net_price_source
            when 'account_price' then charges.account_price
            when 'contract_discount'
                then cast(charges.unit_price as decimal(24, 14)) * cast(1 - charges.discount_rate as decimal(12, 10))
            else charges.unit_price
        end as decimal(38, 18)) as ContractedUnitPrice,
        charges.net_cost_usd as EffectiveCost,
        case when charges.cloud = 'AZURE' then 'Microsoft' else 'Databricks' end as InvoiceIssuerName,
        charges.list_cost_usd as ListCost,
        cast(charges.unit_price as decimal(38, 18)) as ListUnitPrice,
        charges.usage_quantity as PricingQuantity,
        charges.usage_unit as PricingUnit,
        'Databricks' as ProviderName,
        'Databricks' as PublisherName,
        cast(null as {{ dbt.type_string() }}) as RegionId,
        cast(null as {{ dbt.type_string() }}) as RegionName,
        case
            when charges.workload_type != 'other'
                then concat(charges.workspace_id, '/', charges.workload_type, 's/', charges.workload_id)
        end as ResourceId,
        coalesce(workload_names.workload_name, charges.endpoint_name) as ResourceName,
        case charges.workload_type
            when 'job' then 'Job'
            when 'pipeline' then 'Pipeline'
            when 'warehouse' then 'SQL Warehouse'
            when 'endpoint' then 'Serving Endpoint'
            when 'app' then 'App'
            when 'notebook' then 'Notebook'
            when 'cluster' then 'Cluster'
        end as ResourceType,
        coalesce(services.service_category, 'Other') as ServiceCategory,
        coalesce(services.service_name, charges.billing_origin_product, 'Unknown') as ServiceName,
        charges.sku_name as SkuId,
        charges.usage_type as SkuMeter,
        concat(charges.cloud, '/', charges.sku_name, '/', charges.usage_unit) as SkuPriceId,
        charges.workspace_id as SubAccountId,
        workspaces.workspace_name as SubAccountName,
        case
            when cardinality(charges.custom_tags) > 0
                then cast(to_json(charges.custom_tags) as {{ dbt.type_string() }})
        end as Tags,

        charges.record_id as x_RecordId,
        charges.record_type as x_RecordType,
        charges.usage_date as x_UsageDate,
        charges.ingestion_date as x_IngestionDate,
        charges.cost_center_id as x_CostCenterId,
        charges.attribution_method as x_AttributionMethod,
        charges.workload_type as x_WorkloadType,
        charges.workload_id as x_WorkloadId,
        services.billing_origin_product is not null as x_ServiceMapped,
        charges.loaded_at as x_FactLoadedAt

    from charges
    left join workspaces on charges.workspace_id = workspaces.workspace_id
    left join services on charges.billing_origin_product = services.billing_origin_product
    left join workload_names
        on
            charges.workspace_id = workload_names.workspace_id
            and charges.workload_type = workload_names.workload_type
            and charges.workload_id = workload_names.workload_id

)

select * from final
