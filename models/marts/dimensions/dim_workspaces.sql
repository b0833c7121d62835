with

usage as (

    select * from {{ ref('fct_billing_usage') }}

),

workspaces as (

    select * from {{ ref('stg_access__workspaces') }}

),

usage_by_workspace as (

    select
        workspace_id,
        max(account_id) as account_id,
        min(usage_date) as first_usage_date,
        max(usage_date) as last_usage_date

    from usage
    group by 1

),

all_workspaces as (

    select workspace_id from usage_by_workspace
    union
    select workspace_id from workspaces

),

final as (

    select
        all_workspaces.workspace_id,
        coalesce(workspaces.account_id, usage_by_workspace.account_id) as account_id,
        coalesce(workspaces.workspace_name, 'workspace ' || all_workspaces.workspace_id) as workspace_name,
        workspaces.workspace_url,
        workspaces.workspace_status,
        workspaces.created_at,
        workspaces.workspace_id is not null as is_in_workspaces_latest,
        usage_by_workspace.first_usage_date,
        usage_by_workspace.last_usage_date

    from all_workspaces
    left join workspaces on all_workspaces.workspace_id = workspaces.workspace_id
    left join usage_by_workspace on all_workspaces.workspace_id = usage_by_workspace.workspace_id

)

select * from final
