{#-
    The relation of an optional source table: the table itself when the variable
    `enabled_var` is true, otherwise an empty relation with the same columns and types, so
    the staging model and everything downstream still build (the enrichment is just absent).
    `columns` lists the source columns the staging model reads, as (name, type) pairs.
    source() is called either way, so the source stays in the lineage graph (dbt docs).
-#}
{% macro optional_source(source_name, table_name, enabled_var, columns) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if var(enabled_var) -%}
        select * from {{ relation }}
    {%- else -%}
        -- {{ source_name }}.{{ table_name }} is switched off (variable {{ enabled_var }}): no rows
        select
            {%- for name, type in columns %}
            cast(null as {{ type }}) as {{ name }}{{ "," if not loop.last }}
            {%- endfor %}
        where 1 = 0
    {%- endif -%}
{%- endmacro %}
