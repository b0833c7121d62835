{#-
    Incremental processing of the record fact, fct_billing_usage (docs block `incremental_runs`).

    billing_usage_increment() inspects the stored fct_billing_usage and returns
        {'mode': 'full' | 'incremental' | 'reprocess', 'since': 'YYYY-MM-DD' or none,
         'fingerprint': <md5 of the configuration the records are attributed with>}
      full         the table does not exist yet, or --full-refresh: every record is processed;
      incremental  same configuration as stored: only records with
                   ingestion_date >= max(stored ingestion_date) - var('incremental_lookback_days')
                   (or a null ingestion_date) are processed and replace their stored version;
      reprocess    the configuration changed (a seed, a list price, a variable or the model
                   code upstream of the fact): every record is processed again and replaces
                   its stored version, so history is recomputed without --full-refresh.
    The answer depends only on the database state, so fct_billing_usage and the ephemeral
    intermediates it inlines (which call usage_increment_predicate()) always agree.
-#}

{% macro billing_usage_increment() %}
    {%- set result = {'mode': 'full', 'since': none, 'fingerprint': 'not-computed'} -%}
    {%- if not execute or model.resource_type != 'model' -%}
        {{ return(result) }}
    {%- endif -%}
    {%- do result.update({'fingerprint': finops_chargeback.billing_config_fingerprint()}) -%}
    {%- set fact = graph.nodes.get('model.finops_chargeback.fct_billing_usage') -%}
    {%- if fact is none or flags.FULL_REFRESH -%}
        {{ return(result) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(database=fact.database, schema=fact.schema, identifier=fact.alias) -%}
    {%- if relation is none -%}
        {{ return(result) }}
    {%- endif -%}
    {%- set column_names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- if 'config_fingerprint' not in column_names -%}
        {%- do result.update({'mode': 'reprocess'}) -%}
        {{ return(result) }}
    {%- endif -%}
    {%- set state_query -%}
        select
            max(ingestion_date) as max_ingestion_date,
            min(config_fingerprint) as min_fingerprint,
            max(config_fingerprint) as max_fingerprint
        from {{ relation }}
    {%- endset -%}
    {%- set state = run_query(state_query).rows[0] -%}
    {%- if state[0] is none
        or state[1] != result.fingerprint
        or state[2] != result.fingerprint -%}
        {%- do result.update({'mode': 'reprocess'}) -%}
    {%- else -%}
        {%- set max_ingestion_date = state[0] -%}
        {%- if max_ingestion_date is string -%}
            {%- set max_ingestion_date = modules.datetime.date.fromisoformat(max_ingestion_date[:10]) -%}
        {%- elif max_ingestion_date.date is defined and max_ingestion_date.hour is defined -%}
            {%- set max_ingestion_date = max_ingestion_date.date() -%}
        {%- endif -%}
        {%- set lookback = var('incremental_lookback_days', 3) | int -%}
        {%- set since = max_ingestion_date - modules.datetime.timedelta(days=lookback) -%}
        {%- do result.update({'mode': 'incremental', 'since': since.isoformat()}) -%}
    {%- endif -%}
    {{ return(result) }}
{% endmacro %}


{#- SQL predicate on a usage relation selecting the records to process in this run. -#}
{% macro usage_increment_predicate(ingestion_date_column='ingestion_date') -%}
    {%- set increment = finops_chargeback.billing_usage_increment() -%}
    {%- if increment.mode == 'incremental' -%}
        ({{ ingestion_date_column }} >= cast('{{ increment.since }}' as date) or {{ ingestion_date_column }} is null)
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}


{#-
    md5 of everything that decides a stored record's price and cost center, other than the
    record itself: the contents of every seed and of every non-usage source table upstream of
    fct_billing_usage (read through its staging model: list prices, account prices), the
    checksums of the models in between (a logic change recomputes history too) and the
    variables the attribution reads. Seeds or models not built yet count as 'missing'.
-#}
{% macro billing_config_fingerprint() %}
    {%- if not execute -%}
        {{ return('not-computed') }}
    {%- endif -%}
    {%- set parts = [
        'currency_code=' ~ var('currency_code'),
        'cost_center_tag_keys=' ~ (var('cost_center_tag_keys') | join(',')),
        'enable_account_prices=' ~ var('enable_account_prices', false),
    ] -%}
    {%- set seen = [] -%}
    {%- set queue = ['model.finops_chargeback.fct_billing_usage'] -%}
    {%- for unique_id in queue -%}
        {%- if unique_id not in seen -%}
            {%- do seen.append(unique_id) -%}
            {%- set node = graph.nodes.get(unique_id) -%}
            {%- if node is not none -%}
                {%- set parents = node.depends_on.nodes -%}
                {%- set reads_config_source = [] -%}
                {%- for parent in parents -%}
                    {%- if parent.startswith('source.') and parent.split('.')[-1] != 'usage' -%}
                        {%- do reads_config_source.append(parent) -%}
                    {%- elif parent.startswith('model.') or parent.startswith('seed.') -%}
                        {%- do queue.append(parent) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- if node.resource_type == 'model' -%}
                    {%- do parts.append(unique_id ~ '#code=' ~ node.checksum.checksum) -%}
                {%- endif -%}
                {%- if node.resource_type == 'seed' or reads_config_source -%}
                    {%- do parts.append(unique_id ~ '#rows=' ~ finops_chargeback.relation_contents_md5(node)) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(local_md5(parts | sort | join('\n'))) }}
{% endmacro %}


{#- md5 of a small table's rows (order-independent), or 'missing' when it is not built. -#}
{% macro relation_contents_md5(node) %}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if relation is none -%}
        {{ return('missing') }}
    {%- endif -%}
    {%- set result = run_query('select * from ' ~ relation) -%}
    {%- set lines = [result.column_names | join('|')] -%}
    {%- for row in result.rows -%}
        {%- do lines.append(row.values() | map('string') | join('|')) -%}
    {%- endfor -%}
    {{ return(local_md5(lines | sort | join('\n'))) }}
{% endmacro %}


{#-
    On incremental runs the record chain (int_usage_*) holds only the new records, so a model
    reading it would silently see a fraction of the history: fail instead, naming it. Also
    fail when fct_billing_usage runs without the chain's views (partial selection): they
    would still select the records of an earlier run.
-#}
{% macro assert_record_chain_consumers() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set chain = finops_chargeback.record_chain() -%}
    {#- the chain's views are compiled when they run: they must run in this invocation too -#}
    {%- set stale = [] -%}
    {%- for unique_id in chain -%}
        {%- if flags.WHICH in ('run', 'build')
            and graph.nodes[unique_id].config.materialized != 'ephemeral'
            and unique_id not in selected_resources -%}
            {%- do stale.append(unique_id.split('.')[-1]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if stale -%}
        {{ exceptions.raise_compiler_error(
            "fct_billing_usage must be built together with the views it reads, which select the "
            ~ "records of this run: select `+fct_billing_usage` (missing: " ~ (stale | join(', ')) ~ ")"
        ) }}
    {%- endif -%}
    {%- set offenders = [] -%}
    {%- for unique_id, node in graph.nodes.items() -%}
        {%- if node.resource_type == 'model' and unique_id not in chain
            and unique_id != 'model.finops_chargeback.fct_billing_usage' -%}
            {%- for parent in node.depends_on.nodes -%}
                {%- if parent in chain -%}
                    {%- do offenders.append(node.name ~ ' reads ' ~ parent.split('.')[-1]) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if offenders -%}
        {{ exceptions.raise_compiler_error(
            "Only fct_billing_usage may read the record chain (int_usage_*), which holds "
            ~ "only the new records on incremental runs; read ref('fct_billing_usage') instead: "
            ~ (offenders | join('; '))
        ) }}
    {%- endif -%}
{% endmacro %}


{#- unique_ids of the record-level intermediates inlined into fct_billing_usage. -#}
{% macro record_chain() %}
    {{ return([
        'model.finops_chargeback.int_usage_tags',
        'model.finops_chargeback.int_usage_priced',
        'model.finops_chargeback.int_usage_tag_matches',
        'model.finops_chargeback.int_usage_attributed',
    ]) }}
{% endmacro %}
