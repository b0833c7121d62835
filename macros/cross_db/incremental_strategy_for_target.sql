{#-
    Incremental strategy of the record fact (fct_billing_usage), per engine; see the docs
    block `incremental_runs`. DuckDB: delete+insert on record_id. Databricks: merge on
    record_id (Delta). Local Apache Spark (Parquet tables, no merge): append, skipping the
    record_ids already stored (record_is_not_stored).
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


{#- Predicate: the record is not stored yet; only the append strategy needs it (else `true`). -#}
{% macro record_is_not_stored(record_id_expression) -%}
    {%- if is_incremental() and finops_chargeback.incremental_strategy_for_target() == 'append' -%}
        {{ record_id_expression }} not in (select stored.record_id from {{ this }} as stored)
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
