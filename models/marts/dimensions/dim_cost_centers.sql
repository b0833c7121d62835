with

cost_centers as (

    select * from {{ ref('cost_centers') }}

),

with_unallocated as (

    select
        cost_center_id,
        cost_center_name,
        business_unit,
        owner,
        is_shared,
        false as is_unallocated

    from cost_centers

    union all

    select
        'UNALLOCATED' as cost_center_id,
        'Unallocated' as cost_center_name,
        cast(null as string) as business_unit,
        cast(null as string) as owner,
        false as is_shared,
        true as is_unallocated

),

final as (

    select
        *,
        not is_shared and not is_unallocated as is_chargeable

    from with_unallocated

)

select * from final
