{#-
    One row per serving request. Optional source: with `enable_endpoint_usage_source` off
    the model is empty but typed.
-#}
with

source as (

    {{ finops_chargeback.optional_source('serving', 'endpoint_usage', 'enable_endpoint_usage_source', [
        ('account_id', 'string'),
        ('workspace_id', 'string'),
        ('served_entity_id', 'string'),
        ('request_time', 'timestamp'),
        ('requester', 'string'),
        ('input_token_count', 'bigint'),
        ('output_token_count', 'bigint'),
        ('status_code', 'int'),
    ]) }}

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
