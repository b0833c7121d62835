{#-
    The relation of an optional source table: the table itself when the variable
    `enabled_var` is true, otherwise an empty relation with the same columns and types, so
    the staging model and everything downstream still build (the enrichment is just absent).
    `columns` lists the source columns the staging model reads, as (name, type) pairs.
-#}
{% macro optional_source(source_name, table_name, enabled_var, columns) -%}
    {%- if var(enabled_var) -%}
        select * from {{ source(source_name, table_name) }}
    {%- else -%}
        select
            {%- for name, type in columns %}
            cast(null as {{ type }}) as {{ name }}{{ "," if not loop.last }}
            {%- endfor %}
        where 1 = 0
    {%- endif -%}
{%- endmacro %}
