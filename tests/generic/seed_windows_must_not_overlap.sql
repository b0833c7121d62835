{#-
    A mapping seed must not map the same key twice in overlapping [valid_from, valid_to)
    windows (blank = open). Keys are compared through `key_expressions` (normalised forms),
    so `CostCenter` and `cost_center` count as the same key. Fails with each overlapping pair.
-#}
{% test seed_windows_must_not_overlap(model, key_expressions, value_column='cost_center_id') %}

{% set query %}
with numbered as (

    select
        *,
        {% for expression in key_expressions %}{{ expression }} as key_{{ loop.index }},{% endfor %}
        row_number() over (order by {% for expression in key_expressions %}{{ expression }}, {% endfor %}valid_from) as row_number_in_seed
    from {{ model }}

)

select
    {% for expression in key_expressions %}a.key_{{ loop.index }} as mapped_key_{{ loop.index }}, {% endfor %}
    a.{{ value_column }} as first_{{ value_column }},
    a.valid_from as first_valid_from,
    a.valid_to as first_valid_to,
    b.{{ value_column }} as second_{{ value_column }},
    b.valid_from as second_valid_from,
    b.valid_to as second_valid_to
from numbered as a
inner join numbered as b
    on
        {% for expression in key_expressions %}a.key_{{ loop.index }} = b.key_{{ loop.index }} and {% endfor %}
        a.row_number_in_seed < b.row_number_in_seed
        and (a.valid_from is null or b.valid_to is null or a.valid_from < b.valid_to)
        and (b.valid_from is null or a.valid_to is null or b.valid_from < a.valid_to)
{% endset %}

{{ finops_chargeback.report_seed_problem(model, query, 'the same key is mapped more than once in overlapping valid_from/valid_to windows') }}

{{ query }}

{% endtest %}
