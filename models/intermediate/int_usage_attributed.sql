{#-
    One cost center per usage record, first matching rule wins (see the docs block
    `attribution_rules`). Join strategy: the priced records are scanned once and left-joined
    to small lookups on equality keys (plus the mapping's date window). Each lookup is unique
    per key and date (the seed tests forbid overlapping windows), so no join can fan out;
    the tag rules were resolved to one row per record in int_usage_tag_matches.
-#}
with

usage as (

    select * from {{ ref('int_usage_priced') }}

),

tag_matches as (

    select * from {{ ref('int_usage_tag_matches') }}

),

budget_policy_map as (

    select
        {{ finops_chargeback.normalize_value('budget_policy_id') }} as budget_policy_key,
        cost_center_id,
        valid_from,
        valid_to

    from {{ ref('budget_policy_cost_center_map') }}

),

resource_map as (

    select
        trim(workspace_id) as workspace_id,
        {{ finops_chargeback.normalize_value('resource_type') }} as resource_type,
        {{ finops_chargeback.normalize_value('resource_id') }} as resource_key,
        cost_center_id,
        valid_from,
        valid_to

    from {{ ref('resource_cost_center_map') }}

),

identity_map as (

    select
        {{ finops_chargeback.normalize_value('principal') }} as principal_key,
        cost_center_id,
        valid_from,
        valid_to

    from {{ ref('identity_cost_center_map') }}

),

workspace_map as (

    select
        trim(workspace_id) as workspace_id,
        cost_center_id,
        valid_from,
        valid_to

    from {{ ref('workspace_cost_center_map') }}

),

candidates as (

    select
        usage.*,
        tag_matches.tag_cost_center_id,
        tag_matches.tag_rule_cost_center_id,
        coalesce(tag_matches.has_invalid_cost_center_tag, false) as has_invalid_cost_center_tag,
        tag_matches.invalid_cost_center_tag_value,
        budget_policy_map.cost_center_id as budget_policy_cost_center_id,
        coalesce(resource_by_id.cost_center_id, resource_by_endpoint_name.cost_center_id)
            as resource_cost_center_id,
        coalesce(identity_by_run_as.cost_center_id, identity_by_owner.cost_center_id)
            as identity_cost_center_id,
        workspace_map.cost_center_id as workspace_cost_center_id

    from usage
    left join tag_matches
        on usage.record_id = tag_matches.record_id
    left join budget_policy_map
        on
            {{ finops_chargeback.normalize_value('coalesce(usage.budget_policy_id, usage.usage_policy_id)') }}
            = budget_policy_map.budget_policy_key
            and {{ finops_chargeback.in_window('usage.usage_date', 'budget_policy_map') }}
    left join resource_map as resource_by_id
        on
            usage.workspace_id = resource_by_id.workspace_id
            and usage.workload_type = resource_by_id.resource_type
            and {{ finops_chargeback.normalize_value('usage.workload_id') }} = resource_by_id.resource_key
            and {{ finops_chargeback.in_window('usage.usage_date', 'resource_by_id') }}
    left join resource_map as resource_by_endpoint_name
        -- endpoints may be mapped by name while their records carry the id
        on
            usage.workspace_id = resource_by_endpoint_name.workspace_id
            and usage.workload_type = 'endpoint'
            and resource_by_endpoint_name.resource_type = 'endpoint'
            and {{ finops_chargeback.normalize_value('usage.endpoint_name') }} = resource_by_endpoint_name.resource_key
            and usage.endpoint_id is not null
            and {{ finops_chargeback.in_window('usage.usage_date', 'resource_by_endpoint_name') }}
    left join identity_map as identity_by_run_as
        on
            {{ finops_chargeback.normalize_value('usage.run_as') }} = identity_by_run_as.principal_key
            and {{ finops_chargeback.in_window('usage.usage_date', 'identity_by_run_as') }}
    left join identity_map as identity_by_owner
        on
            {{ finops_chargeback.normalize_value('usage.owned_by') }} = identity_by_owner.principal_key
            and {{ finops_chargeback.in_window('usage.usage_date', 'identity_by_owner') }}
    left join workspace_map
        on
            usage.workspace_id = workspace_map.workspace_id
            and {{ finops_chargeback.in_window('usage.usage_date', 'workspace_map') }}

),

attributed as (

    select
        *,
        case
            when tag_cost_center_id is not null then 'tag'
            when tag_rule_cost_center_id is not null then 'tag_rule'
            when budget_policy_cost_center_id is not null then 'budget_policy'
            when resource_cost_center_id is not null then 'resource'
            when identity_cost_center_id is not null then 'identity'
            when workspace_cost_center_id is not null then 'workspace'
            else 'unallocated'
        end as attribution_method,
        coalesce(
            tag_cost_center_id,
            tag_rule_cost_center_id,
            budget_policy_cost_center_id,
            resource_cost_center_id,
            identity_cost_center_id,
            workspace_cost_center_id,
            'UNALLOCATED'
        ) as cost_center_id

    from candidates

)

select * from attributed
