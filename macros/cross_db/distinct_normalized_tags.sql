{#-
    The distinct tags of a tag set (`map_entries(custom_tags)`: an array of structs key,
    value), each as a struct (key, value) with the key and value normalised as attribution
    matches them (normalize_tag_key, normalize_value): two spellings of one tag on one record
    count once. One array per tag set, to explode.
-#}
{% macro distinct_normalized_tags(entries_expression) -%}
    {{ return(adapter.dispatch('distinct_normalized_tags', 'finops_chargeback')(entries_expression)) }}
{%- endmacro %}

{% macro default__distinct_normalized_tags(entries_expression) -%}
    array_distinct(transform({{ entries_expression }}, tag -> named_struct(
        'key', {{ finops_chargeback.normalize_tag_key('tag.key') }},
        'value', {{ finops_chargeback.normalize_value('tag.value') }}
    )))
{%- endmacro %}

{% macro duckdb__distinct_normalized_tags(entries_expression) -%}
    list_distinct(list_transform({{ entries_expression }}, lambda tag: {
        'key': {{ finops_chargeback.normalize_tag_key('tag.key') }},
        'value': {{ finops_chargeback.normalize_value('tag.value') }}
    }))
{%- endmacro %}
