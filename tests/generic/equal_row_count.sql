{#- Fails (one row with both counts) when `model` and `compare_model` differ in row count. -#}
{% test equal_row_count(model, compare_model) %}

with counts as (

    select
        (select count(*) from {{ model }}) as model_rows,
        (select count(*) from {{ compare_model }}) as compare_model_rows

)

select * from counts
where model_rows != compare_model_rows

{% endtest %}
