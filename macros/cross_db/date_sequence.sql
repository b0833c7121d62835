{#-
    The array of every date from start to end, both included (empty when end < start).
    Use with explode_array() to get one row per day.
-#}
{% macro date_sequence(start_expression, end_expression) -%}
    {{ return(adapter.dispatch('date_sequence', 'finops_chargeback')(start_expression, end_expression)) }}
{%- endmacro %}

{% macro default__date_sequence(start_expression, end_expression) -%}
    case
        when {{ end_expression }} >= {{ start_expression }}
            then sequence({{ start_expression }}, {{ end_expression }}, interval 1 day)
        else cast(array() as array<date>)
    end
{%- endmacro %}

{% macro duckdb__date_sequence(start_expression, end_expression) -%}
    cast(generate_series(
        cast({{ start_expression }} as date), cast({{ end_expression }} as date), interval 1 day
    ) as date [])
{%- endmacro %}
