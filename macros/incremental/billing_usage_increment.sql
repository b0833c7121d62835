{#-
    Incremental processing of the record fact, fct_billing_usage (docs block `incremental_runs`).

    billing_usage_increment() inspects the stored fct_billing_usage and returns
        {'mode': 'full' | 'incremental' | 'reprocess', 'since': 'YYYY-MM-DD' or none,
         'fingerprint': <md5 of the configuration the records are attributed with>}
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
    {%- set result = {'mode': 'full', 'since': none, 'fingerprint': 'not-computed'} -%}
    {%- if not execute or model.resource_type != 'model' -%}
        {{ return(result) }}
    {%- endif -%}
    {%- do result.update({'fingerprint': finops_chargeback.billing_config_fingerprint()}) -%}
    {%- set fact = graph.nodes.get('model.finops_chargeback.fct_billing_usage') -%}
    {%- set relation = adapter.get_relation(database=fact.database, schema=fact.schema, identifier=fact.alias) -%}
    {%- if relation is none or flags.FULL_REFRESH -%}
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
    {%- if state[0] is none or state[1] != result.fingerprint or state[2] != result.fingerprint -%}
        {%- do result.update({'mode': 'reprocess'}) -%}
    {%- else -%}
        {%- set max_ingestion_date = modules.datetime.date.fromisoformat((state[0] | string)[:10]) -%}
        {%- set lookback = var('incremental_lookback_days') | int -%}
        {%- set since = max_ingestion_date - modules.datetime.timedelta(days=lookback) -%}
        {%- do result.update({'mode': 'incremental', 'since': since.isoformat()}) -%}
    {%- endif -%}
    {{ return(result) }}
{% endmacro %}


{#-
    SQL predicate on a usage relation selecting the records to process in this run: on an
    incremental run, the records of the lookback window that fct_billing_usage does not hold
    yet (records are immutable, so a stored one has nothing new to say; the stored side is
    read for the same window only). Every record otherwise.
    The new ids are found on the two narrow columns first (the window's ids less the stored
    ones), and the wide record is read only for them: with nothing new, DuckDB skips the
    record's other columns (a run with nothing new took 6.7 s at 100M records reading them
    three times, for the three intermediates that call this). `except` has no null trap,
    unlike `not in`.
-#}
{% macro usage_increment_predicate(ingestion_date_column='ingestion_date', record_id_column='record_id') -%}
    {%- set increment = finops_chargeback.billing_usage_increment() -%}
    {%- if increment.mode == 'incremental' -%}
        {%- set fact = graph.nodes['model.finops_chargeback.fct_billing_usage'] -%}
        {%- set since = "cast('" ~ increment.since ~ "' as date)" -%}
        (
            ({{ ingestion_date_column }} >= {{ since }} or {{ ingestion_date_column }} is null)
            and {{ record_id_column }} in (
                select window_records.record_id
                from {{ ref('stg_billing__usage') }} as window_records
                where window_records.ingestion_date >= {{ since }} or window_records.ingestion_date is null
                except
                select stored.record_id
                from {{ adapter.get_relation(database=fact.database, schema=fact.schema, identifier=fact.alias) }} as stored
                where stored.ingestion_date >= {{ since }} or stored.ingestion_date is null
            )
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
