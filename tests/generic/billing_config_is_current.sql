{#-
    Fails when stored records were priced and attributed with another configuration than the
    current one (seeds, list prices, variables, model code): the stale state an incremental
    run on an engine that cannot replace rows would leave. Fix: dbt build --full-refresh.
-#}
{% test billing_config_is_current(model, column_name) %}

select
    {{ column_name }} as stored_fingerprint,
    '{{ finops_chargeback.billing_config_fingerprint() }}' as current_fingerprint,
    count(*) as record_count
from {{ model }}
where {{ column_name }} != '{{ finops_chargeback.billing_config_fingerprint() }}'
group by 1, 2

{% endtest %}
