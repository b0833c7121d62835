{#-
    on-run-start hook: stops a DuckDB build before any work when the export cannot fit in the
    memory and temporary disk this machine allows, naming the environment variable to raise
    (a 100M-record export once spilled more than 60 GB and filled the disk half-way through).
    The need is estimated from the number of usage records and what the benchmark measured
    (bench/README.md): about `bytes_per_record` of memory for a build that does not spill,
    and `spill_factor` times the shortfall on disk when it does. Other engines: nothing to do.
-#}
{% macro check_export_fits(bytes_per_record=170, spill_factor=5) -%}
    {{ return(adapter.dispatch('check_export_fits', 'finops_chargeback')(bytes_per_record, spill_factor)) }}
{%- endmacro %}

{% macro default__check_export_fits(bytes_per_record, spill_factor) -%}
    {{ return('') }}
{%- endmacro %}

{% macro duckdb__check_export_fits(bytes_per_record, spill_factor) -%}
    {%- if not execute or flags.WHICH not in ('build', 'run') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set usage = graph.sources['source.finops_chargeback.billing.usage'] -%}
    {%- set row = run_query(
        "select (select count(*) from " ~ usage.relation_name ~ "), "
        ~ "current_setting('memory_limit'), current_setting('max_temp_directory_size')"
    ).rows[0] -%}
    {%- set records, memory, temp = row[0], finops_chargeback.duckdb_size_bytes(row[1]), finops_chargeback.duckdb_size_bytes(row[2]) -%}
    {%- set need = records * bytes_per_record -%}
    {%- set spill = [need - memory, 0] | max * spill_factor -%}
    {%- if spill > temp -%}
        {{ exceptions.raise_compiler_error(
            "This export holds " ~ records ~ " usage records. Building it on DuckDB takes about "
            ~ (need / 1073741824) | round(1) ~ " GiB of memory, or spilling about " ~ (spill / 1073741824) | round(1)
            ~ " GiB to disk, but this build may use " ~ row[1] ~ " of memory (FINOPS_DUCKDB_MEMORY_LIMIT) and "
            ~ row[2] ~ " of temporary disk (FINOPS_DUCKDB_TEMP_LIMIT). Raise FINOPS_DUCKDB_MEMORY_LIMIT "
            ~ "(e.g. 90%) or FINOPS_DUCKDB_TEMP_LIMIT (free disk permitting), or build on Databricks."
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- Bytes of a DuckDB size setting as it prints ('17.5 GiB', '40.0 GB', '512 bytes'). -#}
{% macro duckdb_size_bytes(text) -%}
    {%- set units = {'bytes': 1, 'KB': 1e3, 'MB': 1e6, 'GB': 1e9, 'TB': 1e12,
                     'KiB': 1024, 'MiB': 1048576, 'GiB': 1073741824, 'TiB': 1099511627776} -%}
    {%- set parts = (text | string).split(' ') -%}
    {%- if parts | length != 2 or parts[1] not in units -%}
        {#- e.g. "90% of available disk space": not a bound this check can use -#}
        {{ return(1e18) }}
    {%- endif -%}
    {{ return(parts[0] | float * units[parts[1]]) }}
{%- endmacro %}
