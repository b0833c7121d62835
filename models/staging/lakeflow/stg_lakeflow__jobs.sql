{#-
    Latest version of every job (per workspace_id, job_id, by change_time). Deleted jobs
    are kept and flagged (is_deleted), because their past cost still needs a name.
    Optional source: with `enable_jobs_source` off the model is empty but typed.
-#}
with

source as (

    {{ finops_chargeback.optional_source('lakeflow', 'jobs', 'enable_jobs_source', [
        ('account_id', 'string'),
        ('workspace_id', 'string'),
        ('job_id', 'string'),
        ('name', 'string'),
        ('description', 'string'),
        ('creator_id', 'string'),
        ('run_as', 'string'),
        ('change_time', 'timestamp'),
        ('delete_time', 'timestamp'),
    ]) }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by workspace_id, job_id
            order by change_time desc, delete_time desc nulls last
        ) as version_rank

    from source

),

renamed as (

    select
        workspace_id,
        job_id,
        account_id,
        name as job_name,
        description as job_description,
        creator_id,
        run_as,
        cast(change_time as timestamp) as changed_at,
        cast(delete_time as timestamp) as deleted_at,
        delete_time is not null as is_deleted

    from ranked
    where version_rank = 1

)

select * from renamed
