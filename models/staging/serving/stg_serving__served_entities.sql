{#-
    One row per served entity (the latest row per served_entity_id, by change_time): the
    bridge from endpoint_usage requests to serving endpoints. Optional source: with
    `enable_served_entities_source` off the model is empty but typed.
-#}
with

source as (

    {% if var('enable_served_entities_source') -%}
        select * from {{ source('serving', 'served_entities') }}
    {%- else -%}
        select
            cast(null as string) as served_entity_id,
            cast(null as string) as account_id,
            cast(null as string) as workspace_id,
            cast(null as string) as endpoint_name,
            cast(null as string) as endpoint_id,
            cast(null as string) as entity_type,
            cast(null as string) as entity_name,
            cast(null as string) as entity_version,
            cast(null as string) as created_by,
            cast(null as timestamp) as change_time
        where 1 = 0
    {%- endif %}

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
