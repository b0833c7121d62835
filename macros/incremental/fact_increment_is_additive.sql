{#-
    Whether an incremental aggregate of fct_billing_usage may add the records loaded since its
    watermark to its stored rows instead of aggregating the touched dates again (docs block
    `incremental_runs`). True when every such record is an addition: on the touched dates, the
    fact holds exactly the records the aggregate counted before plus the new ones. A stored
    record replaced by a new version (a duplicate record_id of an old record, or every record
    after a configuration change) makes the fact hold fewer than that, and the aggregate then
    re-aggregates the touched dates from all their records. False without a watermark or with
    nothing new.
      date_expression, timestamp_column  the aggregate's date key over the fact's columns, as
                                         for usage_date_is_touched
      record_filter    predicate on the fact: the records the aggregate counts
      date_column      the aggregate's date key column
      count_column     the aggregate's count of records per row
-#}
{% macro fact_increment_is_additive(date_expression, timestamp_column, record_filter, date_column='usage_date', count_column='record_count') -%}
    {%- set dates = finops_chargeback.touched_usage_dates(date_expression) -%}
    {%- if dates is none or dates | length == 0 -%}
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
