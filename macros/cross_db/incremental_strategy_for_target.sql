{#-
    Incremental strategy of the record fact (fct_billing_usage), per engine; see the docs
    block `incremental_runs`. DuckDB: delete+insert on (usage_date, record_id). Databricks:
    merge on (usage_date, record_id) (Delta). Local Apache Spark (Parquet tables, no merge):
    append (the records of an incremental run are those not stored yet:
    usage_increment_predicate).
-#}
{% macro incremental_strategy_for_target() -%}
    {{ return(adapter.dispatch('incremental_strategy_for_target', 'finops_chargeback')()) }}
{%- endmacro %}

{% macro default__incremental_strategy_for_target() -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro spark__incremental_strategy_for_target() -%}
    {{ return('append') }}
{%- endmacro %}

{% macro databricks__incremental_strategy_for_target() -%}
    {{ return('merge') }}
{%- endmacro %}
