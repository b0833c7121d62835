{#-
    An `order by` for a model's final select where only the storage layout needs it: DuckDB
    skips row groups by the min and max of a column, so a table written in `column` order lets a
    filter on it (an incremental run reading its touched days) read only their row groups.
    Spark and Databricks: nothing (a global sort would cost a shuffle; Databricks tables cluster
    by `liquid_clustered_by`).
-#}
{% macro rows_in_order_of(column) -%}
    {{ return(adapter.dispatch('rows_in_order_of', 'finops_chargeback')(column)) }}
{%- endmacro %}

{% macro default__rows_in_order_of(column) -%}
    order by {{ column }}
{%- endmacro %}

{% macro spark__rows_in_order_of(column) -%}
{%- endmacro %}
