{#- One row per tag of each usage record (records without tags have none), keys and values normalised. -#}
with

usage as (

    select
        record_id,
        usage_date,
        custom_tags_normalized

    from {{ ref('stg_billing__usage') }}
    where
        custom_tags_normalized is not null
        -- all records, or only the new ones on an incremental run of fct_billing_usage
        and {{ finops_chargeback.usage_increment_predicate() }}

),

exploded as (

    select
        record_id,
        usage_date,
        {{ finops_chargeback.explode_array('custom_tags_normalized') }} as tag

    from usage

),

final as (

    select
        record_id,
        usage_date,
        tag.tag_key as tag_key,
        tag.tag_key_normalized as tag_key_normalized,
        tag.tag_value as tag_value,
        tag.tag_value_normalized as tag_value_normalized

    from exploded

)

select * from final
