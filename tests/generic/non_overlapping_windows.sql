{#-
    Fails with every pair of rows of the same `partition_by` key whose
    [start_column, end_column) windows overlap. A null end means open-ended.
-#}
{% test non_overlapping_windows(model, partition_by, start_column, end_column) %}

with windows as (

    select
        {{ partition_by | join(', ') }},
        {{ start_column }} as window_start,
        {{ end_column }} as window_end,
        row_number() over (order by {{ partition_by | join(', ') }}, {{ start_column }}) as window_number
    from {{ model }}

)

select
    {% for column in partition_by %}a.{{ column }},{% endfor %}
    a.window_start as first_window_start,
    a.window_end as first_window_end,
    b.window_start as second_window_start,
    b.window_end as second_window_end
from windows as a
inner join windows as b
    on
        {% for column in partition_by %}a.{{ column }} = b.{{ column }} and {% endfor %}
        a.window_number < b.window_number
        and (b.window_end is null or a.window_start is null or a.window_start < b.window_end)
        and (a.window_end is null or b.window_start is null or b.window_start < a.window_end)

{% endtest %}
