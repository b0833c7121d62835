{#-
    A total of the model equals the same total of another model (a conservation rule), checked
    on what changed since the tested watermark (macro rows_new_since_tested_watermark): per
    value of `scope_column` (e.g. the usage date), for the values holding a row new since the
    watermark in either model; every other value was compared in a fully tested run, and
    neither model rewrites a stored row of it (both must be incremental on that column).
    Without a watermark (first run, --full-refresh, a configuration change,
    `full_test_scope: true`), every value. Tag it `scoped_key_test` so that a run skipping it
    does not move the watermark. Kept as a project test: no package scopes a comparison by a
    recorded watermark.
-#}
{% test sums_agree_since_tested_watermark(
    model, expression, compare_model, compare_expression,
    scope_column, compare_scope_column, new_rows, compare_new_rows,
    group_by=[], row_condition=none, compare_row_condition=none, tolerance=0.000001
) %}
{%- set grouped = ['scope_value'] + group_by %}
{%- set new_rows_condition = finops_chargeback.rows_new_since_tested_watermark(new_rows) %}
{%- set compare_new_rows_condition = finops_chargeback.rows_new_since_tested_watermark(compare_new_rows) %}

with

{% if new_rows_condition is not none -%}
scope as (

    select {{ scope_column }} as scope_value
    from {{ model }}
    where {{ new_rows_condition }}

    union

    select {{ compare_scope_column }} as scope_value
    from {{ compare_model }}
    where {{ compare_new_rows_condition }}

),

{% endif -%}
model_totals as (

    select
        {{ scope_column }} as scope_value,
        {%- for column in group_by %}
        {{ column }},
        {%- endfor %}
        {{ expression }} as total

    from {{ model }}
    where
        {{ row_condition if row_condition is not none else 'true' }}
        {%- if new_rows_condition is not none %}
        and {{ scope_column }} in (select scope_value from scope)
        {%- endif %}
    group by {{ range(1, grouped | length + 1) | join(', ') }}

),

compare_totals as (

    select
        {{ compare_scope_column }} as scope_value,
        {%- for column in group_by %}
        {{ column }},
        {%- endfor %}
        {{ compare_expression }} as total

    from {{ compare_model }}
    where
        {{ compare_row_condition if compare_row_condition is not none else 'true' }}
        {%- if new_rows_condition is not none %}
        and {{ compare_scope_column }} in (select scope_value from scope)
        {%- endif %}
    group by {{ range(1, grouped | length + 1) | join(', ') }}

),

final as (

    select
        {%- for column in grouped %}
        coalesce(model_totals.{{ column }}, compare_totals.{{ column }}) as {{ column }},
        {%- endfor %}
        model_totals.total,
        compare_totals.total as compare_total

    from model_totals
    full outer join compare_totals
        on
            {%- for column in grouped %}
            model_totals.{{ column }} = compare_totals.{{ column }}{{ ' and' if not loop.last }}
            {%- endfor %}
    where abs(coalesce(model_totals.total, 0) - coalesce(compare_totals.total, 0)) > {{ tolerance }}

)

select * from final

{% endtest %}
