{#-
    Incremental strategy of the record fact (fct_billing_usage), per engine; see the docs
    block `incremental_runs`. Databricks: merge on record_id (Delta). Local Apache Spark
    (dbt-spark session, default Parquet file format, no merge): append, with the model
    skipping record_ids it already holds.
-#}
{% macro incremental_strategy_for_target() -%}
    {{ return(adapter.dispatch('incremental_strategy_for_target', 'finops_chargeback')()) }}
{%- endmacro %}

{% macro default__incremental_strategy_for_target() -%}
    {{ return('merge' if target.type == 'databricks' else 'append') }}
{%- endmacro %}

{#- DuckDB: delete the rows whose record_id is in the new batch, then insert the batch. -#}
{% macro duckdb__incremental_strategy_for_target() -%}
    {{ return('delete+insert') }}
{%- endmacro %}
