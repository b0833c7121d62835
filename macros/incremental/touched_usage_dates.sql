{#-
    Incremental aggregates of fct_billing_usage (docs block `incremental_runs`).

    Every stored record of fct_billing_usage carries `loaded_at`, the start of the dbt run that
    wrote it. An aggregate stores, per row, `fact_loaded_at`: the newest `loaded_at` among the
    records it sums. On its next run it re-aggregates, from all their records, only the usage
    dates (or job runs) holding a record loaded after that watermark, and replaces them
    (delete+insert on DuckDB and Databricks). Its key is a raw record field (usage_date,
    job_run_id), so a reprocessed record never moves to another key, and it reads nothing
    but the fact (names and other lookups are joined by the marts on every run).
-#}

{#- Materialization of those aggregates: incremental wherever delete+insert exists. -#}
{% macro fact_aggregate_materialization() -%}
    {{ return(adapter.dispatch('fact_aggregate_materialization', 'finops_chargeback')()) }}
{%- endmacro %}

{#- DuckDB (delete+insert) and Databricks (Delta: `insert into ... replace on`, or delete + insert). -#}
{% macro default__fact_aggregate_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{#- A local Spark session writes Parquet tables, which cannot delete rows: rebuilt in full. -#}
{% macro spark__fact_aggregate_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro databricks__fact_aggregate_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}


{#-
    max(`watermark_column`, default fact_loaded_at) stored in the model being built, as a
    string, or none when every record must be aggregated (first run, --full-refresh, a table
    materialization, a unit test, an empty table, or a table built before the column existed).
-#}
{% macro fact_watermark(watermark_column='fact_loaded_at') -%}
    {%- if not execute or model.resource_type != 'model' or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set column_names = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if watermark_column | lower not in column_names -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set watermark = run_query('select max(' ~ watermark_column ~ ') from ' ~ this).columns[0].values()[0] -%}
    {{ return(none if watermark is none else (watermark | string)) }}
{%- endmacro %}


{#- Predicate on fct_billing_usage: the record was loaded after the aggregate's watermark (`true` without one). -#}
{% macro is_new_fact_record(loaded_at_column='loaded_at', watermark_column='fact_loaded_at') -%}
    {%- set watermark = finops_chargeback.fact_watermark(watermark_column) -%}
    {%- if watermark is none -%}
        true
    {%- else -%}
        {{ loaded_at_column }} > cast('{{ watermark }}' as timestamp)
    {%- endif -%}
{%- endmacro %}


{#-
    The dates (`date_expression` over fct_billing_usage's columns, by default usage_date)
    of the records loaded since the aggregate's watermark, as a sorted list of 'YYYY-MM-DD'
    strings, or none when every date must be aggregated (no watermark).
-#}
{% macro touched_usage_dates(date_expression='usage_date') -%}
    {%- if finops_chargeback.fact_watermark() is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select distinct cast({{ date_expression }} as string) as touched_date
        from {{ ref('fct_billing_usage') }}
        where {{ finops_chargeback.is_new_fact_record() }}
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | map('string') | sort | list) }}
{%- endmacro %}


{#-
    Predicate on fct_billing_usage: `date_expression` (default usage_date) is one of the
    touched dates; a literal list, so storage can skip the other dates. `true` without a
    watermark. The aggregate's key must be this same expression of its records.
    When the date is computed from a timestamp column (`timestamp_column`, e.g. the date of
    usage_start_time), that column is also bounded by the first and the day after the last
    touched date: the same records, but storage can skip the rest by the column's min/max.
-#}
{% macro usage_date_is_touched(date_expression='usage_date', timestamp_column=none) -%}
    {%- set dates = finops_chargeback.touched_usage_dates(date_expression) -%}
    {%- if timestamp_column is not none and dates -%}
        {%- set day_after_last = modules.datetime.date.fromisoformat(dates[-1]) + modules.datetime.timedelta(days=1) -%}
        {{ timestamp_column }} >= cast('{{ dates[0] }}' as timestamp)
        and {{ timestamp_column }} < cast('{{ day_after_last.isoformat() }}' as timestamp)
        and
        {% endif -%}
    {{ finops_chargeback.is_one_of_dates(date_expression, dates) }}
{%- endmacro %}


{#-
    Predicate on the aggregate's own stored rows: its key `date_column` is one of the touched
    dates (touched_usage_dates(`date_expression`)); `true` without a watermark.
-#}
{% macro stored_date_is_touched(date_column, date_expression='usage_date') -%}
    {{ finops_chargeback.is_one_of_dates(date_column, finops_chargeback.touched_usage_dates(date_expression)) }}
{%- endmacro %}


{#- `column` in a literal list of dates ('YYYY-MM-DD' strings): `true` for none (every date), `false` for none at all. -#}
{% macro is_one_of_dates(column, dates) -%}
    {%- if dates is none -%}
        true
    {%- elif dates | length == 0 -%}
        false
    {%- else -%}
        {{ column }} in (
            {%- for day in dates %}
            cast('{{ day }}' as date){{ "," if not loop.last }}
            {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}


{#-
    Predicate on fct_billing_usage for aggregates keyed by another record field (a job run):
    `key_column` is shared by a record loaded since the watermark (`true` without one).
    With `time_column` (a record timestamp) and `first_time_column` (the aggregate's stored
    minimum of it per key), the records are also bounded below by the earliest time of a
    touched key: the earliest of its new records and of its stored rows, so no record of a
    touched key is left out, and storage skips everything older.
-#}
{% macro record_key_is_touched(key_column, time_column=none, first_time_column=none) -%}
    {%- if finops_chargeback.fact_watermark() is none -%}
        true
    {%- else -%}
        {%- set new_keys -%}
            select distinct new_records.{{ key_column }}
            from {{ ref('fct_billing_usage') }} as new_records
            where
                {{ finops_chargeback.is_new_fact_record('new_records.loaded_at') }}
                and new_records.{{ key_column }} is not null
        {%- endset -%}
        {%- if time_column is not none -%}
            {%- set earliest_query -%}
                select min(earliest) from (
                    select min({{ time_column }}) as earliest
                    from {{ ref('fct_billing_usage') }}
                    where
                        {{ finops_chargeback.is_new_fact_record() }}
                        and {{ key_column }} is not null
                    union all
                    -- a join, not `in`: with no new key nothing of the stored rows is read
                    select min(stored.{{ first_time_column }}) as earliest
                    from {{ this }} as stored
                    inner join ({{ new_keys }}) as new_keys
                        on stored.{{ key_column }} = new_keys.{{ key_column }}
                ) as earliest_times
            {%- endset -%}
            {%- set earliest = run_query(earliest_query).columns[0].values()[0] -%}
            {%- if earliest is none -%}
        false
            {%- else -%}
        {{ time_column }} >= cast('{{ earliest }}' as timestamp)
        and {{ key_column }} in ({{ new_keys }})
            {%- endif -%}
        {%- else -%}
        {{ key_column }} in ({{ new_keys }})
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- The loaded_at literal fct_billing_usage stamps on the records a run writes. -#}
{% macro fact_run_loaded_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}
