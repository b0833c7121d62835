{#-
    Incremental marts downstream of fct_billing_usage (docs block `incremental_runs`).

    Each stored record of fct_billing_usage carries `loaded_at`, the start of the dbt run that
    wrote it. A downstream incremental model stores, per row, `fact_loaded_at`: the newest
    `loaded_at` among the records it aggregates. On its next run it re-aggregates only the
    groups (keyed by its `unique_key`, one column so dbt's delete is a semi-join) that hold
    a record loaded after that watermark, and replaces them (delete+insert). The key must be
    a raw record field (a usage date, a job run id), so a reprocessed record never moves to
    another key, and the model must read nothing but the fact (an enrichment join would go
    stale on untouched keys). Such a model selects its records with
    `where {{ finops_chargeback.touched_by_new_records('<key>') }}`.
-#}

{#- Materialization of those models: incremental where delete+insert exists, else a table. -#}
{% macro fact_mart_materialization() -%}
    {{ return(adapter.dispatch('fact_mart_materialization', 'finops_chargeback')()) }}
{%- endmacro %}

{#- Spark (Parquet tables, no delete) and Databricks: rebuilt in full on every run. -#}
{% macro default__fact_mart_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro duckdb__fact_mart_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}


{#-
    The watermark of an incremental mart: max(fact_loaded_at) stored in it, as a string, or
    none when every record must be aggregated (first run, --full-refresh, table
    materialization, an empty table).
-#}
{% macro fact_loaded_watermark() -%}
    {#- unit tests (no `this`) aggregate their fixture rows in full -#}
    {%- if not execute or model.resource_type != 'model' or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {#- a table built before fact_loaded_at existed is re-aggregated in full (every key replaced) -#}
    {%- set column_names = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if 'fact_loaded_at' not in column_names -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set result = run_query('select max(fact_loaded_at) from ' ~ this) -%}
    {%- set watermark = result.rows[0][0] if result.rows else none -%}
    {{ return(none if watermark is none else (watermark | string)) }}
{%- endmacro %}


{#-
    The record filter of an incremental mart: true for the records of fct_billing_usage
    whose key (`key_expression`, an expression over raw record fields) is shared by a record
    loaded after the mart's watermark (fact_loaded_watermark). Those keys are re-aggregated
    from all their records. `where` narrows the records that can touch a key (e.g. only
    serverless ones). DuckDB plans the `in` as a semi-join on the small set of touched keys;
    the subquery reads the relation, not the model's import CTE, which DuckDB would
    materialise with all its columns for a second reference. Without a watermark (first
    run, full refresh, a table materialization, a unit test) it is `true`: every record is
    aggregated.
-#}
{% macro touched_by_new_records(key_expression, where=none) -%}
    {%- set watermark = finops_chargeback.fact_loaded_watermark() -%}
    {%- if watermark is none -%}
        true
    {%- else -%}
        {{ key_expression }} in (
            select {{ key_expression }}
            from {{ ref('fct_billing_usage') }}
            where
                loaded_at > cast('{{ watermark }}' as timestamp)
                {%- if where %}
                and {{ where }}
                {%- endif %}
        )
    {%- endif -%}
{%- endmacro %}


{#- The loaded_at literal fct_billing_usage stamps on the records a run writes. -#}
{% macro fact_run_loaded_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}
