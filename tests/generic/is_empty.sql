{#- Fails with the model's rows when it has any; used with severity warn on reports. -#}
{% test is_empty(model) %}

select * from {{ model }}

{% endtest %}
