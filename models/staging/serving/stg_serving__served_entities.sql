{#-
    One row per served entity (the latest row per served_entity_id, by change_time): the
    bridge from endpoint_usage requests to serving endpoints. Optional source: with
    `enable_served_entities_source` off the model is empty but typed.
-#}
with

source as (

    {{ finops_chargeback.optional_source('serving', 'served_entities', 'enable_served_entities_source', [
        ('served_entity_id', 'string'),
        ('account_id', 'string'),
        ('workspace_id', 'string'),
        ('endpoint_name', 'string'),
        ('endpoint_id', 'string'),
        ('entity_type', 'string'),
        ('entity_name', 'string'),
        ('entity_version', 'string'),
        ('created_by', 'string'),
        ('change_time', 'timestamp'),
    ]) }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by served_entity_id
            order by change_time desc
        ) as version_rank

    from source

),

renamed as (

    select
        served_entity_id,
        workspace_id,
        account_id,
        endpoint_id,
        endpoint_name,
        entity_type,
        entity_name,
        entity_version,
        created_by,
        cast(change_time as timestamp) as changed_at

    from ranked
    where version_rank = 1

)

select * from renamed
