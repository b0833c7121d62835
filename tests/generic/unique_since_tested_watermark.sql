{#-
    Uniqueness of a key, checked on what changed since the tested watermark (macro
    tested_watermark) against the whole table: the slices (`scope_column` values) holding a
    row that is new since the watermark (`new_rows`) are grouped by the key, every other
    row was fully tested before. `scope_column` must contain the key's collisions: the key
    itself (record_id: new ids joined to all stored ids), or a column every duplicate shares
    (usage_date for keys that include the day). Without a watermark, the whole table.
    Kept as a project test: no package scopes a key test by a recorded watermark.

    new_rows: SQL condition on the model's rows, where `__tested_loaded_at__` and
    `__tested_ingestion_date__` stand for the watermark (the ingestion date already less
    `incremental_lookback_days`, the window the record fact re-reads).
-#}
{% test unique_since_tested_watermark(model, columns, scope_column, new_rows) %}
{%- set new_rows_condition = finops_chargeback.rows_new_since_tested_watermark(new_rows) %}

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
{%- if new_rows_condition is not none %}
where {{ scope_column }} in (
    select {{ scope_column }}
    from {{ model }}
    where {{ new_rows_condition }}
)
{%- endif %}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
