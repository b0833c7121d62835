{#- Every cost center id in a mapping seed must exist in the seed cost_centers (spelled exactly as there). -#}
{% test seed_references_known_cost_center(model, column_name) %}

{% set query %}
select *
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (select cost_center_id from {{ ref('cost_centers') }})
{% endset %}

{{ finops_chargeback.report_seed_problem(model, query, column_name ~ ' is not a cost_center_id listed in cost_centers.csv') }}

{{ query }}

{% endtest %}
