{#-
    Conservation: sum(column) of `model` equals sum(compare_column) of `compare_model`
    for every value of `group_by` (present in either), within `tolerance`.
    Fails with the groups that differ.
-#}
{% test sums_equal_by_group(model, column_name, compare_model, compare_column, group_by, tolerance=0.000001, where_clause=none, compare_where_clause=none) %}

with model_totals as (

    select {{ group_by }} as group_key, sum({{ column_name }}) as total
    from {{ model }}
    {% if where_clause %}where {{ where_clause }}{% endif %}
    group by 1

),

compare_totals as (

    select {{ group_by }} as group_key, sum({{ compare_column }}) as total
    from {{ compare_model }}
    {% if compare_where_clause %}where {{ compare_where_clause }}{% endif %}
    group by 1

),

compared as (

    select
        coalesce(model_totals.group_key, compare_totals.group_key) as group_key,
        coalesce(model_totals.total, 0) as model_total,
        coalesce(compare_totals.total, 0) as compare_total
    from model_totals
    full outer join compare_totals on model_totals.group_key = compare_totals.group_key

)

select * from compared
where abs(model_total - compare_total) > {{ tolerance }}

{% endtest %}
