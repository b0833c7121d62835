{#- The array of the parts of a string cut at a one-character separator (not a pattern). -#}
{% macro split_string(string_expression, separator) -%}
    {{ return(adapter.dispatch('split_string', 'finops_chargeback')(string_expression, separator)) }}
{%- endmacro %}

{#- Spark's split() takes a regular expression: the separator is put in a character class. -#}
{% macro default__split_string(string_expression, separator) -%}
    split({{ string_expression }}, '[{{ separator }}]')
{%- endmacro %}

{% macro duckdb__split_string(string_expression, separator) -%}
    string_split({{ string_expression }}, '{{ separator }}')
{%- endmacro %}
