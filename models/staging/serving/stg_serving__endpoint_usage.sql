{#-
    One row per serving request. Optional source: with `enable_endpoint_usage_source` off
    the model is empty but typed.
-#}
with

source as (

    {% if var('enable_endpoint_usage_source') -%}
        select * from {{ source('serving', 'endpoint_usage') }}
    {%- else -%}
        select
            cast(null as string) as account_id,
            cast(null as string) as workspace_id,
            cast(null as string) as served_entity_id,
            cast(null as timestamp) as request_time,
            cast(null as string) as requester,
            cast(null as bigint) as input_token_count,
            cast(null as bigint) as output_token_count,
            cast(null as int) as status_code
        where 1 = 0
    {%- endif %}

),

renamed as (

    select
        served_entity_id,
        workspace_id,
        account_id,
        cast(request_time as timestamp) as requested_at,
        cast(cast(request_time as timestamp) as date) as request_date,
        requester,
        cast(input_token_count as bigint) as input_token_count,
        cast(output_token_count as bigint) as output_token_count,
        cast(status_code as int) as status_code

    from source

)

select * from renamed
