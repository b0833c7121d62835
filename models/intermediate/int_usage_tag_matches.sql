{#-
    Tag-based attribution candidates, one row per record that carries a cost-center tag or a
    tag matching tag_cost_center_map (records without either are absent). Both tag rules are
    resolved in one grouping of int_usage_tags.
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

tag_rules as (

    -- rule_rank orders the rules as precedence does: lowest priority, then smaller cost center
    select
        {{ finops_chargeback.normalize_tag_key('tag_key') }} as tag_key_normalized,
        {{ finops_chargeback.normalize_value('tag_value') }} as tag_value_normalized,
        cost_center_id,
        valid_from,
        valid_to,
        dense_rank() over (order by priority, cost_center_id) as rule_rank

    from tag_cost_center_map

),

rule_cost_centers as (

    select distinct
        rule_rank,
        cost_center_id

    from tag_rules

),

classified_tags as (

    select
        *,
        tag_key_normalized in ({{ cost_center_tag_keys }}) as is_cost_center_tag

    from tag_values

),

tag_candidates as (

    -- one row per tag that is a cost-center tag (step 1) or matches a tag rule (step 2)
    select
        classified_tags.record_id,
        classified_tags.tag_value,
        classified_tags.is_cost_center_tag,
        cost_centers.cost_center_id as known_cost_center_id,
        tag_rules.rule_rank

    from classified_tags
    left join cost_centers
        on
            classified_tags.is_cost_center_tag
            and classified_tags.tag_value_normalized
            = {{ finops_chargeback.normalize_value('cost_centers.cost_center_id') }}
    left join tag_rules
        on
            classified_tags.tag_key_normalized = tag_rules.tag_key_normalized
            and classified_tags.tag_value_normalized = tag_rules.tag_value_normalized
            and {{ finops_chargeback.in_window('classified_tags.usage_date', 'tag_rules') }}
    where
        classified_tags.is_cost_center_tag
        or tag_rules.rule_rank is not null

),

per_record as (

    -- both tag rules resolved in one pass over the record's candidate tags
    select
        record_id,
        min(known_cost_center_id) as tag_cost_center_id,
        max(case when is_cost_center_tag and known_cost_center_id is null then 1 else 0 end) = 1
            as has_invalid_cost_center_tag,
        min(case when is_cost_center_tag and known_cost_center_id is null then tag_value end)
            as invalid_cost_center_tag_value,
        min(rule_rank) as best_rule_rank

    from tag_candidates
    group by 1

),

final as (

    select
        per_record.record_id,
        per_record.tag_cost_center_id,
        per_record.has_invalid_cost_center_tag,
        per_record.invalid_cost_center_tag_value,
        rule_cost_centers.cost_center_id as tag_rule_cost_center_id

    from per_record
    left join rule_cost_centers on per_record.best_rule_rank = rule_cost_centers.rule_rank

)

select * from final
