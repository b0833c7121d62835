{#-
    A row rule (`expression` true on every row), checked on the rows written since the tested
    watermark (macro rows_new_since_tested_watermark): every older row passed it in a fully
    tested run. Without a watermark (first run, --full-refresh, a configuration change,
    `full_test_scope: true`), every row. For rules of one row that do not depend on other rows;
    tag it `scoped_key_test` so that a run skipping it does not move the watermark. Kept as a
    project test: no package scopes a test by a recorded watermark.
-#}
{% test expression_is_true_since_tested_watermark(model, expression, new_rows) %}
{%- set new_rows_condition = finops_chargeback.rows_new_since_tested_watermark(new_rows) %}

select *
from {{ model }}
where
    not ({{ expression }})
    {%- if new_rows_condition is not none %}
    and {{ new_rows_condition }}
    {%- endif %}

{% endtest %}
