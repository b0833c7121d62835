{#-
    on-run-end hook (dbt_project.yml): prints, for each failing or warning test that stores
    its failures (`store_failures: true`), the rows it found, under a heading people can act
    on, so the log of a scheduled job and its failure notification carry them:
      - a test on a seed:            SEED ERROR in <seed>.csv: <the test's description>
      - a test tagged `alert`:       ALERT <test name>: <the test's description>
    Up to 25 rows each, read from the table dbt stored the failures in.
-#}
{% macro report_failing_rows(results) %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- for result in results
        if result.node.resource_type == 'test'
        and result.status in ('fail', 'warn')
        and result.node.relation_name -%}
        {%- set attached = result.node.attached_node or '' -%}
        {%- set description = result.node.description or result.node.name -%}
        {%- if attached.startswith('seed.') -%}
            {%- set heading = 'SEED ERROR in ' ~ attached.split('.')[-1] ~ '.csv: ' ~ description -%}
        {%- elif 'alert' in result.node.tags -%}
            {%- set heading = 'ALERT ' ~ result.node.name ~ ': ' ~ description -%}
        {%- else -%}
            {%- set heading = none -%}
        {%- endif -%}
        {%- if heading -%}
            {%- set rows = run_query('select * from ' ~ result.node.relation_name ~ ' limit 25') -%}
            {%- set lines = [heading, '  Offending rows (' ~ (rows.column_names | join(' | ')) ~ '):'] -%}
            {%- for row in rows.rows -%}
                {%- do lines.append('  - ' ~ (row.values() | map('string') | join(' | '))) -%}
            {%- endfor -%}
            {{ log(lines | join('\n'), info=true) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
