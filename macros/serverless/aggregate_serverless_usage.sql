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
    {#-
        One scan of the records: they are grouped once by grain and cost center (and by run
        when the grain does not contain the run, so distinct runs can still be counted).
        Everything else works on that much smaller set: the totals per grain value and the
        dominant cost center (largest summed cost, ties to the smaller id).
    -#}
    {%- set grain_columns = finops_chargeback.serverless_grain_columns(grain, run_id) -%}
    {%- set grain_aliases = grain_columns | map(attribute=0) | list -%}
    {#- the grain alias holding the run id, when the grain groups by run (then run_count is 0 or 1) -#}
    {%- set run_alias = namespace(name=none) -%}
    {%- for alias, expression in grain_columns if run_id and expression == run_id -%}
        {%- set run_alias.name = alias -%}
    {%- endfor -%}
    {%- set run_alias = run_alias.name -%}
    {%- set count_runs_by_key = run_id and run_alias is none -%}
    {%- set money = finops_chargeback.money_type() -%}
    {%- set summed = ['list_cost_usd', 'net_cost_usd'] + sum_columns -%}
    {#- by_cost_center's column holding the cost that decides the dominant cost center -#}
    {%- set dominance_column = dominance_cost_column if dominance_cost_column in summed else 'dominance_cost' -%}
    with

    by_cost_center as (

        select
            {%- for alias, expression in grain_columns %}
            {{ expression }} as {{ alias }},
            {%- endfor %}
            cost_center_id,
            {%- if count_runs_by_key %}
            {{ run_id }} as run_key,
            {%- endif %}
            {%- for column in carry_columns %}
            max({{ column }}) as {{ column }},
            {%- endfor %}
            min(usage_start_time) as first_usage_start_time,
            max(usage_start_time) as last_usage_start_time,
            max(usage_end_time) as last_usage_end_time,
            count(*) as record_count,
            sum(case when is_serverless then 1 else 0 end) as serverless_record_count,
            sum(case when is_priced then 0 else 1 end) as unpriced_record_count,
            sum(usage_quantity) as usage_quantity,
            {%- if dominance_column == 'dominance_cost' %}
            coalesce(sum({{ dominance_cost_column }}), cast(0 as {{ money }})) as dominance_cost,
            {%- endif %}
            {%- for column in summed %}
            coalesce(sum({{ column }}), cast(0 as {{ money }})) as {{ column }}{{ "," if not loop.last }}
            {%- endfor %}
        from {{ relation }}
        {%- if where %}
        where {{ where }}
        {%- endif %}
        group by
            {%- for alias, expression in grain_columns %}
            {{ expression }},
            {%- endfor %}
            cost_center_id
            {%- if count_runs_by_key %},
            {{ run_id }}
            {%- endif %}

    ),

    totals as (

        select
            {%- for alias in grain_aliases %}
            {{ alias }},
            {%- endfor %}
            {%- for column in carry_columns %}
            max({{ column }}) as {{ column }},
            {%- endfor %}
            min(first_usage_start_time) as first_usage_start_time,
            max(last_usage_start_time) as last_usage_start_time,
            max(last_usage_end_time) as last_usage_end_time,
            sum(record_count) as record_count,
            sum(serverless_record_count) as serverless_record_count,
            sum(unpriced_record_count) as unpriced_record_count,
            {%- if count_runs_by_key %}
            count(distinct run_key) as run_count,
            {%- elif run_id %}
            cast(max(case when {{ run_alias }} is not null then 1 else 0 end) as bigint) as run_count,
            {%- else %}
            cast(0 as bigint) as run_count,
            {%- endif %}
            sum(usage_quantity) as usage_quantity,
            {%- for column in summed %}
            sum({{ column }}) as {{ column }},
            {%- endfor %}
            {#- by_cost_center has one row per grain value and cost center unless it also splits by run -#}
            {{ 'count(distinct cost_center_id)' if count_runs_by_key else 'count(*)' }} as cost_center_count,
            min(cost_center_id) as min_cost_center_id
        from by_cost_center
        group by {{ grain_aliases | join(', ') }}

    ),

    shared_groups as (

        -- the few groups whose records carry more than one cost center
        select
            {%- for alias in grain_aliases %}
            {{ alias }}{{ "," if not loop.last }}
            {%- endfor %}
        from totals
        where cost_center_count > 1

    ),

    shared_group_cost_centers as (

        select
            {%- for alias in grain_aliases %}
            by_cost_center.{{ alias }},
            {%- endfor %}
            by_cost_center.cost_center_id,
            sum(by_cost_center.{{ dominance_column }}) as cost_center_cost
        from by_cost_center
        inner join shared_groups
            on
                {%- for alias in grain_aliases %}
                {{ "and " if not loop.first }}by_cost_center.{{ alias }} is not distinct from shared_groups.{{ alias }}
                {%- endfor %}
        group by
            {%- for alias in grain_aliases %}
            by_cost_center.{{ alias }},
            {%- endfor %}
            by_cost_center.cost_center_id

    ),

    dominant_cost_centers as (

        select
            {%- for alias in grain_aliases %}
            {{ alias }},
            {%- endfor %}
            cost_center_id,
            row_number() over (
                partition by {{ grain_aliases | join(', ') }}
                order by cost_center_cost desc, cost_center_id asc
            ) as cost_center_rank
        from shared_group_cost_centers

    )

    select
        {%- for alias in grain_aliases %}
        totals.{{ alias }},
        {%- endfor %}
        {%- for column in carry_columns %}
        totals.{{ column }},
        {%- endfor %}
        totals.first_usage_start_time,
        totals.last_usage_start_time,
        totals.last_usage_end_time,
        totals.record_count,
        totals.serverless_record_count,
        totals.unpriced_record_count,
        totals.run_count,
        totals.usage_quantity,
        {%- for column in summed %}
        totals.{{ column }},
        {%- endfor %}
        -- one cost center: it; several: the one with the largest cost (ties: smaller id)
        coalesce(dominant.cost_center_id, totals.min_cost_center_id) as cost_center_id,
        totals.cost_center_count
    from totals
    left join dominant_cost_centers as dominant
        on
            {%- for alias in grain_aliases %}
            totals.{{ alias }} is not distinct from dominant.{{ alias }} and
            {%- endfor %}
            dominant.cost_center_rank = 1
{%- endmacro %}
