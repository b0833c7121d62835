{#-
    dbt's get_where_subquery (the relation a generic test reads) with one addition: a test
    whose config has `meta: {new_rows: <condition>}` reads only the rows written since the
    tested watermark (rows_new_since_tested_watermark), or every row when there is none. This
    lets ordinary column tests (not_null, accepted_values, expression_is_true) of a table that
    is written incrementally check what a run wrote instead of the whole history (docs block
    `incremental_runs`). Tag such a test `scoped_key_test`: a run that skips it does not move
    the watermark. Without meta.new_rows this is dbt's macro: `where` alone, or the relation.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- if config.get('where') -%}
        {%- do conditions.append(config.get('where')) -%}
    {%- endif -%}
    {%- set new_rows = (config.get('meta') or {}).get('new_rows') -%}
    {%- if new_rows -%}
        {%- set since_watermark = finops_chargeback.rows_new_since_tested_watermark(new_rows) -%}
        {%- if since_watermark is not none -%}
            {%- do conditions.append(since_watermark) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {#- `1 = 1` first: Spark would read `<table> where (<condition>)` as the table aliased
            `where` with a column list -#}
        {%- set filtered -%}
            (select * from {{ relation }} where 1 = 1 and ({{ conditions | join(') and (') }})) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
