-- Serverless spend per month and identity (run_as: the user or service principal the
-- serverless work ran as), from the run-and-hour aggregation, so runs are counted once.
with

runs_hourly as (

    select * from {{ ref('agg_serverless_runs_hourly') }}

),

final as (

    select
        billing_month,
        coalesce(run_as, '(unknown)') as run_as,
        count(distinct run_id) as run_count,
        sum(record_count) as record_count,
        sum(net_cost_usd) as net_cost_usd

    from runs_hourly
    group by 1, 2

)

select * from final
order by 1 desc, 5 desc
