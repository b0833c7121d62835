{#-
    Whether an incremental aggregate of fct_billing_usage may add the records loaded since its
    watermark to its stored rows instead of aggregating the touched dates again (docs block
    `incremental_runs`). True when every such record is an addition: on the touched dates, the
    fact holds exactly the records the aggregate counted before plus the new ones. A stored
    record replaced by a new version (a duplicate record_id of an old record, or every record
    after a configuration change) makes the fact hold fewer than that, and the aggregate then
    re-aggregates the touched dates from all their records. False without a watermark, with
    nothing new, or where the engine cannot read the stored rows while it replaces them
    (can_read_own_rows_while_replacing).
      date_expression, timestamp_column  the aggregate's date key over the fact's columns, as
                                         for usage_date_is_touched
      record_filter    predicate on the fact: the records the aggregate counts
      date_column      the aggregate's date key column
      count_column     the aggregate's count of records per row
-#}
{% macro fact_increment_is_additive(date_expression, timestamp_column, record_filter, date_column='usage_date', count_column='record_count') -%}
    {%- set dates = finops_chargeback.touched_usage_dates(date_expression) -%}
    {%- if dates is none or dates | length == 0 or not finops_chargeback.can_read_own_rows_while_replacing() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set touched = finops_chargeback.usage_date_is_touched(date_expression, timestamp_column) -%}
    {%- set query -%}
        select
            (
                select count(*) from {{ ref('fct_billing_usage') }}
                where {{ record_filter }} and {{ touched }}
            ) as fact_records,
            (
                select count(*) from {{ ref('fct_billing_usage') }}
                where {{ record_filter }} and {{ touched }} and {{ finops_chargeback.is_new_fact_record() }}
            ) as new_records,
            (
                select coalesce(sum({{ count_column }}), 0) from {{ this }}
                where {{ finops_chargeback.is_one_of_dates(date_column, dates) }}
            ) as stored_records
    {%- endset -%}
    {%- set counts = run_query(query).rows[0] -%}
    {{ return(counts[0] == counts[1] + counts[2]) }}
{%- endmacro %}


{#-
    Whether an incremental model may read its own stored rows (`this`) in its body: true when
    the engine writes the model's result before it deletes the keys it replaces. DuckDB does
    (a temporary table). Databricks does with `insert into ... replace on` (one statement, DBR
    17.1 and later, SQL warehouses) or with dbt-databricks' v2 materialization (an
    intermediate table); before that, its delete+insert deletes first and then inserts from a
    temporary view, which would read the stored rows after their deletion.
-#}
{% macro can_read_own_rows_while_replacing() -%}
    {{ return(adapter.dispatch('can_read_own_rows_while_replacing', 'finops_chargeback')()) }}
{%- endmacro %}

{% macro default__can_read_own_rows_while_replacing() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro databricks__can_read_own_rows_while_replacing() -%}
    {{ return(adapter.has_dbr_capability('replace_on') or adapter.get_behavior_flag_no_warn('use_materialization_v2')) }}
{%- endmacro %}
