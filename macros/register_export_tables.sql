{#-
    Registers a Parquet export of the system tables (FINOPS_EXPORT_DIR, one folder per table)
    as tables named like Databricks' system schemas, so the sources resolve on a local
    Apache Spark session:

        FINOPS_TARGET=spark dbt run-operation register_export_tables
        FINOPS_TARGET=spark dbt build

    The tables are external (Parquet, location = the export folder): nothing is copied, and
    re-running replaces them. Only folders that exist are registered. They live in the
    Spark metastore of the `spark` profile (FINOPS_SPARK_DIR), which persists between dbt
    invocations, so the registration and the build may run in separate processes.
    On DuckDB there is nothing to do: the sources read the Parquet files directly.

    Arguments: export_dir (default: env var FINOPS_EXPORT_DIR, else data/sample).
-#}
{% macro register_export_tables(export_dir=none) %}
    {{ return(adapter.dispatch('register_export_tables', 'finops_chargeback')(export_dir)) }}
{% endmacro %}

{#- folder of the export -> (schema, table) the sources read -#}
{% macro export_table_locations() %}
    {{ return({
        'usage': ('billing', 'usage'),
        'list_prices': ('billing', 'list_prices'),
        'account_prices': ('billing', 'account_prices'),
        'workspaces_latest': ('access', 'workspaces_latest'),
        'jobs': ('lakeflow', 'jobs'),
        'pipelines': ('lakeflow', 'pipelines'),
        'warehouses': ('compute', 'warehouses'),
        'served_entities': ('serving', 'served_entities'),
        'endpoint_usage': ('serving', 'endpoint_usage'),
    }) }}
{% endmacro %}

{% macro default__register_export_tables(export_dir=none) %}
    {%- set export_dir = (export_dir or env_var('FINOPS_EXPORT_DIR', 'data/sample')).rstrip('/') -%}
    {%- set locations = finops_chargeback.export_table_locations() -%}

    {#- Which folders hold Parquet files? binaryFile lists them without reading their content. -#}
    {%- set listing -%}
        select distinct regexp_extract(path, '/([^/]+)/[^/]+[.]parquet$', 1) as folder
        from binaryFile.`{{ export_dir }}/*/*.parquet`
    {%- endset -%}
    {%- set folders = run_query(listing).columns[0].values() | list -%}
    {%- if 'usage' not in folders or 'list_prices' not in folders -%}
        {{ exceptions.raise_compiler_error(
            "register_export_tables: " ~ export_dir ~ " has no usage/ or list_prices/ Parquet folder (found: "
            ~ (folders | sort | join(', ')) ~ ")"
        ) }}
    {%- endif -%}

    {%- set registered = [] -%}
    {%- for folder, schema_and_table in locations.items() | sort -%}
        {%- if folder in folders -%}
            {%- set schema, table = schema_and_table -%}
            {% do run_query('create schema if not exists ' ~ schema) %}
            {% do run_query('drop table if exists ' ~ schema ~ '.' ~ table) %}
            {% do run_query(
                'create table ' ~ schema ~ '.' ~ table
                ~ " using parquet location '" ~ export_dir ~ '/' ~ folder ~ "'"
            ) %}
            {% do registered.append(schema ~ '.' ~ table) %}
        {%- endif -%}
    {%- endfor -%}
    {{ log('Registered ' ~ (registered | length) ~ ' tables from ' ~ export_dir ~ ': ' ~ (registered | join(', ')), info=true) }}
{% endmacro %}

{% macro duckdb__register_export_tables(export_dir=none) %}
    {{ log('DuckDB reads the Parquet export directly (sources use external_location): nothing to register.', info=true) }}
{% endmacro %}
