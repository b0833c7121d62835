{#-
    Join condition: each of `columns` is equal in the relations (or aliases) `left` and
    `right`, nulls matching nulls (`is not distinct from`: DuckDB, Spark and Databricks).
-#}
{% macro columns_match(left, right, columns) -%}
    {%- for column in columns -%}
        {{ left }}.{{ column }} is not distinct from {{ right }}.{{ column }}{{ "\n            and " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
