{#-
    Incremental processing of the record fact, fct_billing_usage (docs block `incremental_runs`).

    billing_usage_increment() inspects the stored fct_billing_usage and returns
        {'mode': 'full' | 'incremental' | 'reprocess', 'since': 'YYYY-MM-DD' or none,
         'fingerprint': <md5 of the configuration the records are attributed with>,
         'relation': <the stored fct_billing_usage, or none when it does not exist>}
      full         the table does not exist yet, or --full-refresh: every record is processed;
      incremental  same configuration as stored: only records with
                   ingestion_date >= max(stored ingestion_date) - var('incremental_lookback_days')
                   (or a null ingestion_date) are processed and replace their stored version;
      reprocess    the configuration changed (a seed, a list price, a variable or the code of
                   a model upstream of the fact): every record is processed again and replaces
                   its stored version, so history is recomputed without --full-refresh.
    The answer depends only on the database state, so fct_billing_usage and the ephemeral
    intermediates it inlines (which call usage_increment_predicate()) always agree.
-#}

{% macro billing_usage_increment() %}
    {%- set result = {'mode': 'full', 'since': none, 'fingerprint': 'not-computed', 'relation': none} -%}
    {%- if not execute or model.resource_type != 'model' -%}
        {{ return(result) }}
    {%- endif -%}
    {#- One answer per dbt invocation: the fact and the three intermediates that select its
        records (int_usage_new_record_ids, int_usage_priced, int_usage_tags) each ask, and
        nothing writes the fact before it is built. Kept in `graph`, the one object every
        node of an invocation shares (dbt builds it anew for each), under the invocation's id. -#}
    {%- set cache_key = 'finops_billing_usage_increment/' ~ invocation_id -%}
    {%- if cache_key in graph -%}
        {{ return(graph[cache_key]) }}
    {%- endif -%}
    {%- do result.update({'fingerprint': finops_chargeback.billing_config_fingerprint()}) -%}
    {%- set fact = graph.nodes.get('model.finops_chargeback.fct_billing_usage') -%}
    {%- set relation = adapter.get_relation(database=fact.database, schema=fact.schema, identifier=fact.alias) -%}
    {%- do result.update({'relation': relation}) -%}
    {%- if relation is none or flags.FULL_REFRESH -%}
        {%- do graph.update({cache_key: result}) -%}
        {{ return(result) }}
    {%- endif -%}
    {#- The fingerprints of the newest write stand for every row's: a run either writes
        records of the fingerprint every stored row has (incremental) or rewrites every row
        (full or reprocess), in one transaction. Reading only the newest write lets storage
        skip the rest by loaded_at (at 100M records: 0.02 s against 1.0 s for all rows,
        whose 32-character fingerprints no column statistic answers). -#}
    {%- set state_query -%}
        select
            (select max(all_rows.ingestion_date) from {{ relation }} as all_rows) as max_ingestion_date,
            min(newest_write.config_fingerprint) as min_fingerprint,
            max(newest_write.config_fingerprint) as max_fingerprint
        from {{ relation }} as newest_write
        where newest_write.loaded_at = (select max(all_rows.loaded_at) from {{ relation }} as all_rows)
    {%- endset -%}
    {%- set state = run_query(state_query).rows[0] -%}
    {%- if state[0] is none or state[1] != result.fingerprint or state[2] != result.fingerprint -%}
        {%- do result.update({'mode': 'reprocess'}) -%}
    {%- else -%}
        {%- set max_ingestion_date = modules.datetime.date.fromisoformat((state[0] | string)[:10]) -%}
        {%- set lookback = var('incremental_lookback_days') | int -%}
        {%- set since = max_ingestion_date - modules.datetime.timedelta(days=lookback) -%}
        {%- do result.update({'mode': 'incremental', 'since': since.isoformat()}) -%}
    {%- endif -%}
    {%- do graph.update({cache_key: result}) -%}
    {{ return(result) }}
{% endmacro %}


{#-
    SQL predicate on a usage relation selecting the records to process in this run: on an
    incremental run, the records of the lookback window whose ids int_usage_new_record_ids
    holds (the window's records the fact does not hold yet; found once there, for the
    intermediates that call this). Every record otherwise. The window's date bound stays
    here too: it is a literal date, so storage skips the other row groups and files. The
    ref() is taken on every run so the dependency is known when the project is parsed.
-#}
{% macro usage_increment_predicate(ingestion_date_column='ingestion_date', record_id_column='record_id') -%}
    {%- set new_record_ids = ref('int_usage_new_record_ids') -%}
    {%- set increment = finops_chargeback.billing_usage_increment() -%}
    {%- if increment.mode == 'incremental' -%}
        {%- set since = "cast('" ~ increment.since ~ "' as date)" -%}
        (
            ({{ ingestion_date_column }} >= {{ since }} or {{ ingestion_date_column }} is null)
            and {{ record_id_column }} in (select new_record_ids.record_id from {{ new_record_ids }} as new_record_ids)
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}


{#-
    md5 of everything besides a record that decides its price and cost center, taken from
    what dbt already knows: the variables the attribution reads, the checksums of the seeds
    and models upstream of fct_billing_usage (a seed edit or a logic change recomputes
    history), and one aggregate over each price table it reads (price_table_digest).
-#}
{% macro billing_config_fingerprint() %}
    {%- if not execute -%}
        {{ return('not-computed') }}
    {%- endif -%}
    {%- set parts = [
        'currency_code=' ~ var('currency_code'),
        'cost_center_tag_keys=' ~ (var('cost_center_tag_keys') | join(',')),
        'enable_account_prices=' ~ var('enable_account_prices'),
        'list_prices=' ~ finops_chargeback.price_table_digest('stg_billing__list_prices', 'unit_price'),
        'account_prices=' ~ finops_chargeback.price_table_digest('stg_billing__account_prices', 'account_price'),
    ] -%}
    {%- set queue = ['model.finops_chargeback.fct_billing_usage'] -%}
    {%- for unique_id in queue -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node is not none and node.resource_type in ('model', 'seed') -%}
            {%- do parts.append(unique_id ~ '=' ~ node.checksum.checksum) -%}
            {%- for parent in node.depends_on.nodes if parent not in queue -%}
                {%- do queue.append(parent) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(local_md5(parts | sort | join('\n'))) }}
{% endmacro %}


{#-
    One aggregate over a staged price table (a model of this project, looked up in the graph:
    a ref() here would be a hidden dependency of every model calling the fingerprint):
    changes when any price row changes; 'missing' before the view is built.
-#}
{% macro price_table_digest(model_name, price_column) %}
    {%- set node = graph.nodes['model.finops_chargeback.' ~ model_name] -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- if relation is none -%}
        {{ return('missing') }}
    {%- endif -%}
    {%- set query -%}
        select
            count(*) as price_rows,
            sum(hash(sku_name, cloud, currency_code, usage_unit, price_start_time, price_end_time, {{ price_column }}))
                as price_hash
        from {{ relation }}
    {%- endset -%}
    {{ return(run_query(query).rows[0].values() | map('string') | join('/')) }}
{% endmacro %}
