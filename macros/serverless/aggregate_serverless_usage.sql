{#-
    Aggregate usage records (fct_billing_usage shape) to a grain the caller chooses.
    Serverless work writes several records per run and hour; this macro turns them into
    one row per grain value, summing quantity and cost, counting records and distinct runs,
    and carrying the dominant cost center. See macros/serverless/_serverless__macros.yml
    and the docs block `serverless_aggregation`.

    Returns a select statement (no trailing semicolon) for use inside a CTE:

        serverless_runs as (
            {{ finops_chargeback.aggregate_serverless_usage('usage') }}
        ),
-#}

{% macro serverless_grain_columns(grain, run_id) -%}
    {#- (alias, expression) pairs for a preset grain name or a list of column names. -#}
    {%- set presets = {
        'run_hour': [
            ('workspace_id', 'workspace_id'),
            ('workload_type', 'workload_type'),
            ('workload_id', 'workload_id'),
            ('run_id', run_id),
            ('usage_hour', "date_trunc('hour', usage_start_time)"),
        ],
        'workload_day': [
            ('usage_date', 'usage_date'),
            ('workspace_id', 'workspace_id'),
            ('workload_type', 'workload_type'),
            ('workload_id', 'workload_id'),
        ],
        'endpoint_day': [
            ('usage_date', 'usage_date'),
            ('workspace_id', 'workspace_id'),
            ('endpoint', 'coalesce(endpoint_id, endpoint_name)'),
        ],
    } -%}
    {%- if grain is string -%}
        {%- if grain not in presets -%}
            {{ exceptions.raise_compiler_error(
                "aggregate_serverless_usage: unknown grain '" ~ grain ~ "'; use one of "
                ~ (presets.keys() | list | join(', ')) ~ " or a list of column names") }}
        {%- endif -%}
        {{ return(presets[grain]) }}
    {%- else -%}
        {%- set pairs = [] -%}
        {%- for column in grain -%}
            {%- do pairs.append((column, column)) -%}
        {%- endfor -%}
        {{ return(pairs) }}
    {%- endif -%}
{%- endmacro %}


{% macro aggregate_serverless_usage(
    relation,
    grain='run_hour',
    run_id='job_run_id',
    where='is_serverless',
    sum_columns=[],
    carry_columns=[],
    dominance_cost_column='net_cost_usd'
) -%}
    {%- set grain_columns = finops_chargeback.serverless_grain_columns(grain, run_id) -%}
    {%- set money = finops_chargeback.money_type() -%}
    select
        totals.*,
        dominant.cost_center_id,
        coalesce(dominant.cost_center_count, 0) as cost_center_count
    from (
        select
            {%- for alias, expression in grain_columns %}
            {{ expression }} as {{ alias }},
            {%- endfor %}
            {%- for column in carry_columns %}
            max({{ column }}) as {{ column }},
            {%- endfor %}
            min(usage_start_time) as first_usage_start_time,
            max(usage_start_time) as last_usage_start_time,
            max(usage_end_time) as last_usage_end_time,
            count(*) as record_count,
            sum(case when is_serverless then 1 else 0 end) as serverless_record_count,
            sum(case when is_priced then 0 else 1 end) as unpriced_record_count,
            {%- if run_id %}
            count(distinct {{ run_id }}) as run_count,
            {%- else %}
            cast(0 as bigint) as run_count,
            {%- endif %}
            sum(usage_quantity) as usage_quantity,
            coalesce(sum(list_cost_usd), cast(0 as {{ money }})) as list_cost_usd,
            coalesce(sum(net_cost_usd), cast(0 as {{ money }})) as net_cost_usd
            {%- for column in sum_columns %},
            coalesce(sum({{ column }}), cast(0 as {{ money }})) as {{ column }}
            {%- endfor %}
        from {{ relation }}
        {%- if where %}
        where {{ where }}
        {%- endif %}
        group by
            {%- for alias, expression in grain_columns %}
            {{ expression }}{{ "," if not loop.last }}
            {%- endfor %}
    ) as totals
    left join (
        select
            {%- for alias, expression in grain_columns %}
            {{ alias }},
            {%- endfor %}
            cost_center_id,
            count(*) over (
                partition by {% for alias, expression in grain_columns %}{{ alias }}{{ ", " if not loop.last }}{% endfor %}
            ) as cost_center_count,
            row_number() over (
                partition by {% for alias, expression in grain_columns %}{{ alias }}{{ ", " if not loop.last }}{% endfor %}
                order by cost_center_cost desc, cost_center_id asc
            ) as cost_center_rank
        from (
            select
                {%- for alias, expression in grain_columns %}
                {{ expression }} as {{ alias }},
                {%- endfor %}
                cost_center_id,
                coalesce(sum({{ dominance_cost_column }}), cast(0 as {{ money }})) as cost_center_cost
            from {{ relation }}
            {%- if where %}
            where {{ where }}
            {%- endif %}
            group by
                {%- for alias, expression in grain_columns %}
                {{ expression }},
                {%- endfor %}
                cost_center_id
        ) as by_cost_center
    ) as dominant
        on
            {%- for alias, expression in grain_columns %}
            {{ "and " if not loop.first }}totals.{{ alias }} is not distinct from dominant.{{ alias }}
            {%- endfor %}
            and dominant.cost_center_rank = 1
{%- endmacro %}
