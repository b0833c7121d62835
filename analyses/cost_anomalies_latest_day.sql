-- Unusual cost on the latest complete day: spikes, drops and new spend of the account,
-- workspaces, cost centers, products, SKUs and workloads (the rows of the warning test
-- alert_cost_anomalies_on_latest_complete_day).
with

anomalies as (

    select * from {{ ref('rpt_cost_anomalies') }}

),

final as (

    select
        usage_date,
        scope_type,
        scope_value,
        scope_name,
        anomaly_type,
        actual_cost_usd,
        expected_cost_usd,
        deviation_usd,
        deviation_share,
        score

    from anomalies
    where usage_date = as_of_date

)

select * from final
order by 8 desc
