{#- Fails with (and logs) the seed rows matching `condition`; `problem` says what is wrong. -#}
{% test seed_rows_must_not_exist(model, condition, problem, columns, column_name=none) %}

{% set query %}
select {{ columns | join(', ') }}
from {{ model }}
where {{ condition }}
{% endset %}

{{ finops_chargeback.report_seed_problem(model, query, problem) }}

{{ query }}

{% endtest %}
