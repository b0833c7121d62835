{#-
    A text cell of a configuration seed, trimmed, with a blank cell as null. Spark loads a
    blank CSV cell of a string column as the text 'None' (DuckDB and Databricks as null):
    that text is read as blank too, so every engine sees the same value. The one place where
    the budget and commitment seeds' text cells are read (dim_budgets, the seed tests).
-#}
{% macro seed_text(column) -%}
    nullif(nullif(trim({{ column }}), ''), 'None')
{%- endmacro %}
