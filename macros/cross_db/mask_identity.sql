{#-
    Privacy: with the variable `mask_identities` true, an identity column (run_as, owned_by,
    created_by) is replaced by the hex SHA-256 of its trimmed, lower-cased value, so the marts
    still group and join by person without showing who it is. Null stays null. Attribution
    is unaffected: it matches identities before the marts mask them.
-#}
{% macro mask_identity(column) -%}
    {%- if var('mask_identities', false) -%}
        {{ return(adapter.dispatch('mask_identity', 'finops_chargeback')(column)) }}
    {%- else -%}
        {{ return(column) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__mask_identity(column) -%}
    sha2(lower(trim({{ column }})), 256)
{%- endmacro %}

{% macro duckdb__mask_identity(column) -%}
    sha256(lower(trim({{ column }})))
{%- endmacro %}
