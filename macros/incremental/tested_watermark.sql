{#-
    Key tests that check what a run changed, without ever missing a duplicate (docs block
    `incremental_runs`).

    The table `finops_tested_watermark` (target schema) holds one row: how far the data was
    fully tested, `loaded_at` (the newest fct_billing_usage.loaded_at) and `ingestion_date`
    (the newest ingestion_date), and the configuration fingerprint it was tested with. The
    on-run-end hook record_tested_watermark writes it only when every test of the run
    passed and the run included every key test scoped by it; a failed run leaves it where it
    was, so the next run re-checks everything since.
-#}

{% macro tested_watermark_relation() -%}
    {#- a local Spark session has no catalog level (no target.database) -#}
    {{ return(api.Relation.create(
        database=(target.database if target.database is defined else none),
        schema=target.schema,
        identifier='finops_tested_watermark',
    )) }}
{%- endmacro %}


{#-
    The watermark the expensive key tests may start from, as
    {'loaded_at': 'YYYY-MM-DD HH:MM:SS...', 'ingestion_date': 'YYYY-MM-DD'}, or none to test
    everything: no watermark yet, --full-refresh, the variable `full_test_scope`, or a
    configuration change since it was recorded (every record is reprocessed then).
-#}
{% macro tested_watermark() -%}
    {%- if not execute or flags.FULL_REFRESH or var('full_test_scope') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set relation = finops_chargeback.tested_watermark_relation() -%}
    {%- if adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query('select loaded_at, ingestion_date, config_fingerprint from ' ~ relation).rows -%}
    {%- if rows | length != 1 or rows[0][0] is none
        or rows[0][2] != finops_chargeback.billing_config_fingerprint() -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({'loaded_at': rows[0][0] | string, 'ingestion_date': (rows[0][1] | string)[:10]}) }}
{%- endmacro %}


{#-
    on-run-end hook: records the tested watermark when every test of the run passed (or
    warned) and every test tagged `scoped_key_test` ran in it. Otherwise it keeps the old
    one and says why in the log.
-#}
{% macro record_tested_watermark(results) %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set failed = results | selectattr('status', 'in', ['fail', 'error', 'skipped']) | list -%}
    {%- set passed_tests = [] -%}
    {%- for result in results if result.node.resource_type == 'test' and result.status in ('pass', 'warn') -%}
        {%- do passed_tests.append(result.node.unique_id) -%}
    {%- endfor -%}
    {%- set missing = [] -%}
    {%- for unique_id, node in graph.nodes.items()
        if node.resource_type == 'test' and 'scoped_key_test' in node.tags and unique_id not in passed_tests -%}
        {%- do missing.append(node.name) -%}
    {%- endfor -%}
    {%- if failed or missing -%}
        {%- if passed_tests -%}
            {{ log('Tested watermark kept: ' ~ ((failed | length) ~ ' node(s) failed' if failed else 'key tests not run: ' ~ (missing | join(', '))), info=true) }}
        {%- endif -%}
        {{ return('') }}
    {%- endif -%}
    {%- set fact = graph.nodes['model.finops_chargeback.fct_billing_usage'] -%}
    {%- set relation = finops_chargeback.tested_watermark_relation() -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
    {%- do run_query(
        'create table ' ~ relation ~ ' as select max(loaded_at) as loaded_at, max(ingestion_date) as ingestion_date, '
        ~ "cast('" ~ finops_chargeback.billing_config_fingerprint() ~ "' as string) as config_fingerprint, "
        ~ finops_chargeback.fact_run_loaded_at() ~ ' as recorded_at from '
        ~ adapter.get_relation(database=fact.database, schema=fact.schema, identifier=fact.alias)
    ) -%}
    {{ log('Tested watermark recorded in ' ~ relation, info=true) }}
    {{ return('') }}
{% endmacro %}


{#-
    `new_rows` (a condition on a model's rows, with `__tested_loaded_at__` and
    `__tested_ingestion_date__` standing for the watermark; the ingestion date already less
    `incremental_lookback_days`, the window the record fact re-reads) with the tested
    watermark written in, or none when every row must be tested (no watermark).
-#}
{% macro rows_new_since_tested_watermark(new_rows) -%}
    {%- set watermark = finops_chargeback.tested_watermark() -%}
    {%- if watermark is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set since = modules.datetime.date.fromisoformat(watermark.ingestion_date)
        - modules.datetime.timedelta(days=var('incremental_lookback_days') | int) -%}
    {{ return(new_rows
        | replace('__tested_loaded_at__', "cast('" ~ watermark.loaded_at ~ "' as timestamp)")
        | replace('__tested_ingestion_date__', "cast('" ~ since.isoformat() ~ "' as date)")) }}
{%- endmacro %}


{#-
    True when `column` of `relation` holds no null (an empty table holds none), false
    otherwise; true when no query runs (parsing, or a compile without a warehouse).
-#}
{% macro column_has_no_nulls(relation, column) -%}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set result = run_query('select count(*) from ' ~ relation ~ ' where ' ~ column ~ ' is null') -%}
    {%- if result is none or result.rows | length == 0 -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(result.rows[0][0] == 0) }}
{%- endmacro %}
