{#-
    Seed validation: a failing check prints the offending seed rows in the dbt log, e.g.
        Seed tag_cost_center_map: the same key is mapped in overlapping windows:
          - team | bi | CC-4000 | ... overlaps team | bi | CC-5000 | ...
    and returns them, so the test fails and `dbt build` stops before any cost is attributed.
-#}
{% macro report_seed_problem(model, query, problem) %}
    {% if execute %}
        {% set result = run_query(query) %}
        {% if result.rows | length > 0 %}
            {% set lines = [] %}
            {% for row in result.rows[:25] %}
                {% do lines.append('  - ' ~ (row.values() | map('string') | join(' | '))) %}
            {% endfor %}
            {% set message -%}
                SEED ERROR in {{ model.identifier }}.csv: {{ problem }}.
                Offending rows ({{ result.column_names | join(' | ') }}):
{{ lines | join('\n') }}
            {%- endset %}
            {{ log(message, info=true) }}
        {% endif %}
    {% endif %}
{% endmacro %}
