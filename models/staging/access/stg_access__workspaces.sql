{#- Optional source: with `enable_workspaces_source` off the model is empty but typed. -#}
with

source as (

    {% if var('enable_workspaces_source') -%}
        select * from {{ source('access', 'workspaces_latest') }}
    {%- else -%}
        select
            cast(null as string) as account_id,
            cast(null as string) as workspace_id,
            cast(null as string) as workspace_name,
            cast(null as string) as workspace_url,
            cast(null as timestamp) as create_time,
            cast(null as string) as status
        where 1 = 0
    {%- endif %}

),

renamed as (

    select
        workspace_id,
        account_id,
        workspace_name,
        workspace_url,
        cast(create_time as timestamp) as created_at,
        status as workspace_status

    from source

)

select * from renamed
