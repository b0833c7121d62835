{#-
    A whole number made from a string: the first 15 hex digits of its MD5 (60 bits, so it is
    a positive bigint). The same value on every engine and every version of it, unlike each
    engine's own hash(), so it can be stored and compared across runs. The record fact stores
    it for record_id (column record_id_hash): its key test compares 8-byte numbers instead of
    36-character ids, and confirms a match on the ids themselves. Null stays null.
-#}
{% macro stable_hash_bigint(expression) -%}
    {{ return(adapter.dispatch('stable_hash_bigint', 'finops_chargeback')(expression)) }}
{%- endmacro %}

{#- Spark and Databricks: conv() reads the hex digits as a base-16 number. -#}
{% macro default__stable_hash_bigint(expression) -%}
    cast(conv(left(md5({{ expression }}), 15), 16, 10) as bigint)
{%- endmacro %}

{#- DuckDB reads a '0x' string as a hexadecimal number. -#}
{% macro duckdb__stable_hash_bigint(expression) -%}
    cast('0x' || left(md5({{ expression }}), 15) as bigint)
{%- endmacro %}
