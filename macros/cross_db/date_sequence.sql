{#-
    The array of the dates from start to end, both included, every `step_days` days (empty
    when end < start). Use with explode_array() to get one row per date.
-#}
{% macro date_sequence(start_expression, end_expression, step_days=1) -%}
    {{ return(adapter.dispatch('date_sequence', 'finops_chargeback')(start_expression, end_expression, step_days)) }}
{%- endmacro %}

{% macro default__date_sequence(start_expression, end_expression, step_days=1) -%}
    case
        when {{ end_expression }} >= {{ start_expression }}
            then sequence({{ start_expression }}, {{ end_expression }}, interval {{ step_days }} day)
        else cast(array() as array<date>)
    end
{%- endmacro %}

{% macro duckdb__date_sequence(start_expression, end_expression, step_days=1) -%}
    cast(generate_series(
        cast({{ start_expression }} as date), cast({{ end_expression }} as date), interval {{ step_days }} day
    ) as date [])
{%- endmacro %}
