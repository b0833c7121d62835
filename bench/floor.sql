-- The benchmark's floor: the same monthly chargeback base computed by one hand-written
-- DuckDB query over the raw Parquet export (run by bench/run_benchmark.sh, which sets the
-- variables export_dir and seeds_dir). It prices every record (list price in force at
-- usage_end_time, effective_list falling back to default, contract discounts), attributes
-- it "lite" (a cost-center tag with a known value, else the workspace default, else
-- UNALLOCATED: no tag rules, policies, resources or identities) and sums net cost per billing
-- month and cost center. It also returns the per-month totals used by the exactness check.
with usage as (
    select * from read_parquet(getvariable('export_dir') || '/usage/*.parquet')
),
prices as (
    select
        sku_name, cloud, usage_unit, price_start_time, price_end_time,
        coalesce(pricing.effective_list.default, pricing.default) as unit_price
    from read_parquet(getvariable('export_dir') || '/list_prices/*.parquet')
    where currency_code = 'USD'
),
discounts as (
    select * from read_csv(getvariable('seeds_dir') || '/contract_discounts.csv', header = true, all_varchar = true)
),
cost_centers as (
    select cost_center_id from read_csv(getvariable('seeds_dir') || '/cost_centers.csv', header = true, all_varchar = true)
),
workspace_map as (
    select workspace_id, cost_center_id from read_csv(getvariable('seeds_dir') || '/workspace_cost_center_map.csv', header = true, all_varchar = true)
),
priced as (
    select
        u.usage_date,
        u.workspace_id,
        u.custom_tags,
        cast(cast(u.usage_quantity as decimal(28, 14)) * cast(p.unit_price as decimal(24, 14)) as decimal(38, 12))
            as list_cost,
        coalesce(cast(d.discount_rate as decimal(12, 10)), 0) as discount_rate
    from usage as u
    inner join prices as p
        on u.sku_name = p.sku_name and u.cloud = p.cloud and u.usage_unit = p.usage_unit
        and u.usage_end_time >= p.price_start_time
        and (p.price_end_time is null or u.usage_end_time < p.price_end_time)
    left join discounts as d
        on u.billing_origin_product = d.billing_origin_product and u.sku_name like d.sku_pattern
        and (d.valid_from is null or u.usage_date >= cast(d.valid_from as date))
        and (d.valid_to is null or u.usage_date < cast(d.valid_to as date))
),
tagged as (
    select
        *,
        upper(trim(list_filter(
            map_entries(custom_tags),
            lambda t: replace(replace(replace(replace(lower(trim(t.key)), '_', ''), '-', ''), '.', ''), ' ', '') = 'costcenter'
        )[1].value)) as tag_cost_center
    from priced
),
attributed as (
    select
        date_trunc('month', t.usage_date) as billing_month,
        coalesce(cc.cost_center_id, w.cost_center_id, 'UNALLOCATED') as cost_center_id,
        cast(cast(t.list_cost as decimal(26, 12)) * cast(1 - t.discount_rate as decimal(12, 10)) as decimal(38, 12))
            as net_cost
    from tagged as t
    left join cost_centers as cc on t.tag_cost_center = upper(cc.cost_center_id)
    left join workspace_map as w on t.workspace_id = w.workspace_id
)
select billing_month, cost_center_id, sum(net_cost) as net_cost_usd, count(*) as record_count
from attributed
group by all
order by all;
