{#-
    Uniqueness of a key, checked on what changed since the tested watermark (macro
    tested_watermark): the rows whose `scope_column` values (one column or a list, compared
    together) are those of a row new since the watermark (`new_rows`) are grouped by the
    key; every other row was fully tested before. The scope must contain the key's
    collisions: the key itself (record_id: new ids joined to all stored ids), a column every
    duplicate shares (usage_date for keys that include the day), or several (usage date and
    workload type: the slices a run writes whole). An empty list groups the new rows alone:
    for a table whose collisions with older rows another test catches (say which in the
    test's description). Without a watermark, the whole table. Kept as a project test: no
    package scopes a key test by a recorded watermark.

    new_rows: SQL condition on the model's rows, where `__tested_loaded_at__` and
    `__tested_ingestion_date__` stand for the watermark (the ingestion date already less
    `incremental_lookback_days`, the window the record fact re-reads).
    hash_column: optional, for a one-column key that is its own scope: a stored number made
    from the key (macro stable_hash_bigint), so equal keys have equal numbers. The numbers
    are compared first (the stored numbers equal to a new row's, repeated), then the keys
    among the rows sharing a number; a row without a number (written before the column
    existed) makes the test compare the keys themselves, as without hash_column.
-#}
{% test unique_since_tested_watermark(model, columns, scope_column, new_rows, hash_column=none) %}
{%- set new_rows_condition = finops_chargeback.rows_new_since_tested_watermark(new_rows) %}
{%- set scope_columns = [scope_column] if scope_column is string else scope_column %}
{%- set compare_numbers = hash_column is not none
    and finops_chargeback.column_has_no_nulls(model, hash_column) %}

{% if compare_numbers -%}
with

repeated_numbers as (

    select {{ hash_column }}
    from {{ model }}
    {%- if new_rows_condition is not none %}
    where
        {{ hash_column }} in (
            select {{ hash_column }}
            from {{ model }}
            where {{ new_rows_condition }}
        )
    {%- endif %}
    group by {{ hash_column }}
    having count(*) > 1

)

{% endif -%}
select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
{%- if compare_numbers %}
where {{ hash_column }} in (select {{ hash_column }} from repeated_numbers)
{%- elif new_rows_condition is not none %}
where
    {%- if scope_columns %}
    ({{ scope_columns | join(', ') }}) in (
        select {{ scope_columns | join(', ') }}
        from {{ model }}
        where {{ new_rows_condition }}
    )
    {%- else %}
    ({{ new_rows_condition }})
    {%- endif %}
{%- endif %}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
