{#- Optional source: with `enable_workspaces_source` off the model is empty but typed. -#}
with

source as (

    {{ finops_chargeback.optional_source('access', 'workspaces_latest', 'enable_workspaces_source', [
        ('account_id', 'string'),
        ('workspace_id', 'string'),
        ('workspace_name', 'string'),
        ('workspace_url', 'string'),
        ('create_time', 'timestamp'),
        ('status', 'string'),
    ]) }}

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
