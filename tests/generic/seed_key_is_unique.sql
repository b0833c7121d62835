{#- A seed key (compared through `key_expression`) must occur once. Fails with the repeated rows. -#}
{% test seed_key_is_unique(model, column_name, key_expression) %}

{% set query %}
select *
from {{ model }}
where {{ key_expression }} in (
    select {{ key_expression }} from {{ model }}
    group by 1
    having count(*) > 1
)
{% endset %}

{{ finops_chargeback.report_seed_problem(model, query, column_name ~ ' occurs more than once') }}

{{ query }}

{% endtest %}
