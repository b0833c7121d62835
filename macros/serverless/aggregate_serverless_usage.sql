{#-
    Serverless work writes several billing records per run and hour; this turns them into
    one row per grain value and cost center (docs block `serverless_aggregation`), e.g.

        runs_by_cost_center as (
            {{ finops_chargeback.aggregate_serverless_usage('usage') }}
        ),

    `grain` lists select expressions (with their alias); the default is the run and hour.
    The caller picks the group's cost center from these rows (dominant_cost_center).
-#}
{% macro aggregate_serverless_usage(relation, grain=none) -%}
    {%- set grain = grain or [
        'workspace_id',
        'workload_type',
        'workload_id',
        'coalesce(job_run_id, dlt_update_id) as run_id',
        "date_trunc('hour', usage_start_time) as usage_hour",
    ] -%}
    select
        {%- for expression in grain %}
        {{ expression }},
        {%- endfor %}
        cost_center_id,
        count(*) as record_count,
        count(case when not is_priced then 1 end) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        max(run_as) as run_as,
        max(loaded_at) as fact_loaded_at
    from {{ relation }}
    where is_serverless
    group by {{ range(1, grain | length + 2) | join(', ') }}
{%- endmacro %}


{#-
    Adds up partial sums with the columns aggregate_serverless_usage returns (e.g. the sums of
    a day's new records and the stored sums of the same run-hours): `relations` lists the
    relations holding them (other columns are ignored), over the same `grain` (column names,
    default the run and hour). One row per grain value and cost center, as
    aggregate_serverless_usage returns; a single relation already is, and is read as it is.
-#}
{% macro add_serverless_sums(relations, grain=none) -%}
    {%- set grain = grain or ['workspace_id', 'workload_type', 'workload_id', 'run_id', 'usage_hour'] -%}
    {%- if relations | length == 1 -%}
    select * from {{ relations[0] }}
    {%- else -%}
    select
        {%- for column in grain %}
        {{ column }},
        {%- endfor %}
        cost_center_id,
        sum(record_count) as record_count,
        sum(unpriced_record_count) as unpriced_record_count,
        sum(usage_quantity) as usage_quantity,
        sum(list_cost_usd) as list_cost_usd,
        sum(net_cost_usd) as net_cost_usd,
        max(run_as) as run_as,
        max(fact_loaded_at) as fact_loaded_at
    from (
        {%- for relation in relations %}
        select
            {{ grain | join(', ') }}, cost_center_id, record_count, unpriced_record_count,
            usage_quantity, list_cost_usd, net_cost_usd, run_as, fact_loaded_at
        from {{ relation }}{{ "\n        union all" if not loop.last }}
        {%- endfor %}
    ) as partial_sums
    group by {{ range(1, grain | length + 2) | join(', ') }}
    {%- endif -%}
{%- endmacro %}
