{#-
    Latest version of every SQL warehouse (per workspace_id, warehouse_id, by change_time);
    deleted warehouses are kept and flagged. Optional source: with
    `enable_warehouses_source` off the model is empty but typed.
-#}
with

source as (

    {{ finops_chargeback.optional_source('compute', 'warehouses', 'enable_warehouses_source', [
        ('account_id', 'string'),
        ('workspace_id', 'string'),
        ('warehouse_id', 'string'),
        ('warehouse_name', 'string'),
        ('owned_by', 'string'),
        ('change_time', 'timestamp'),
        ('delete_time', 'timestamp'),
    ]) }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by workspace_id, warehouse_id
            order by change_time desc, delete_time desc nulls last
        ) as version_rank

    from source

),

renamed as (

    select
        workspace_id,
        warehouse_id,
        account_id,
        warehouse_name,
        owned_by,
        cast(change_time as timestamp) as changed_at,
        cast(delete_time as timestamp) as deleted_at,
        delete_time is not null as is_deleted

    from ranked
    where version_rank = 1

)

select * from renamed
