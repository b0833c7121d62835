{#-
    One row per pipeline (per workspace_id, pipeline_id; the latest row when a pipeline
    appears more than once). Optional source: with `enable_pipelines_source` off the model
    is empty but typed.
-#}
with

source as (

    {% if var('enable_pipelines_source') -%}
        select * from {{ source('lakeflow', 'pipelines') }}
    {%- else -%}
        select
            cast(null as string) as account_id,
            cast(null as string) as workspace_id,
            cast(null as string) as pipeline_id,
            cast(null as string) as name,
            cast(null as timestamp) as create_time
        where 1 = 0
    {%- endif %}

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
