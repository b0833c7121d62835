{#-
    One row per tag of each usage record (records without tags have none), keys and values
    normalised here, after the explode, on plain strings: cheaper than normalising a list of
    structs per record, and only the three narrow columns are read.
-#}
with

usage as (

    select
        record_id,
        usage_date,
        custom_tags

    from {{ ref('stg_billing__usage') }}
    where
        custom_tags is not null
        -- all records, or only the new ones on an incremental run of fct_billing_usage
        and {{ finops_chargeback.usage_increment_predicate() }}

),

exploded as (

    select
        record_id,
        usage_date,
        {{ finops_chargeback.explode_array('map_entries(custom_tags)') }} as tag

    from usage

),

final as (

    select
        record_id,
        usage_date,
        tag.key as tag_key,
        {{ finops_chargeback.normalize_tag_key('tag.key') }} as tag_key_normalized,
        tag.value as tag_value,
        {{ finops_chargeback.normalize_value('tag.value') }} as tag_value_normalized

    from exploded

)

select * from final
