{#-
    Tag-based attribution candidates, one row per record that carries a cost-center tag or a
    tag matching tag_cost_center_map (records without either are absent). Both tag rules are
    resolved from one pass over int_usage_tags.
-#}
{%- set cost_center_tag_keys = "'" ~ (var('cost_center_tag_keys') | join("', '")) ~ "'" %}

with

tag_values as (

    select * from {{ ref('int_usage_tags') }}

),

cost_centers as (

    select * from {{ ref('cost_centers') }}

),

tag_cost_center_map as (

    select * from {{ ref('tag_cost_center_map') }}

),

cost_center_tags as (

    -- step 1: a cost-center tag whose value is a known cost_center_id
    select
        tag_values.record_id,
        min(cost_centers.cost_center_id) as tag_cost_center_id,
        max(case when cost_centers.cost_center_id is null then 1 else 0 end) = 1 as has_invalid_cost_center_tag,
        min(case when cost_centers.cost_center_id is null then tag_values.tag_value end)
            as invalid_cost_center_tag_value

    from tag_values
    left join cost_centers
        on tag_values.tag_value_normalized = {{ finops_chargeback.normalize_value('cost_centers.cost_center_id') }}
    where tag_values.tag_key_normalized in ({{ cost_center_tag_keys }})
    group by 1

),

tag_rule_matches as (

    -- step 2: tag_cost_center_map rows matching one of the record's tags on its usage date
    select
        tag_values.record_id,
        tag_cost_center_map.cost_center_id,
        tag_cost_center_map.priority,
        row_number() over (
            partition by tag_values.record_id
            order by tag_cost_center_map.priority, tag_cost_center_map.cost_center_id
        ) as match_rank

    from tag_values
    inner join tag_cost_center_map
        on
            tag_values.tag_key_normalized = {{ finops_chargeback.normalize_tag_key('tag_cost_center_map.tag_key') }}
            and tag_values.tag_value_normalized
            = {{ finops_chargeback.normalize_value('tag_cost_center_map.tag_value') }}
            and {{ finops_chargeback.in_window('tag_values.usage_date', 'tag_cost_center_map') }}

),

best_tag_rule as (

    select
        record_id,
        cost_center_id as tag_rule_cost_center_id

    from tag_rule_matches
    where match_rank = 1

),

final as (

    select
        coalesce(cost_center_tags.record_id, best_tag_rule.record_id) as record_id,
        cost_center_tags.tag_cost_center_id,
        coalesce(cost_center_tags.has_invalid_cost_center_tag, false) as has_invalid_cost_center_tag,
        cost_center_tags.invalid_cost_center_tag_value,
        best_tag_rule.tag_rule_cost_center_id

    from cost_center_tags
    full outer join best_tag_rule on cost_center_tags.record_id = best_tag_rule.record_id

)

select * from final
