{#-
    One row per pipeline (per workspace_id, pipeline_id; the latest row when a pipeline
    appears more than once). Optional source: with `enable_pipelines_source` off the model
    is empty but typed.
-#}
with

source as (

    {{ finops_chargeback.optional_source('lakeflow', 'pipelines', 'enable_pipelines_source', [
        ('account_id', 'string'),
        ('workspace_id', 'string'),
        ('pipeline_id', 'string'),
        ('name', 'string'),
        ('create_time', 'timestamp'),
    ]) }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by workspace_id, pipeline_id
            order by create_time desc
        ) as version_rank

    from source

),

renamed as (

    select
        workspace_id,
        pipeline_id,
        account_id,
        name as pipeline_name,
        cast(create_time as timestamp) as created_at

    from ranked
    where version_rank = 1

)

select * from renamed
