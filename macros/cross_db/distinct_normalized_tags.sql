{#-
    The distinct tags of a record's tag map, each as a struct (key, value) with the key and
    value normalised as attribution matches them (normalize_tag_key, normalize_value): two
    spellings of one tag on one record count once. One array per record, to explode.
-#}
{% macro distinct_normalized_tags(map_expression) -%}
    {{ return(adapter.dispatch('distinct_normalized_tags', 'finops_chargeback')(map_expression)) }}
{%- endmacro %}

{% macro default__distinct_normalized_tags(map_expression) -%}
    array_distinct(transform(map_entries({{ map_expression }}), tag -> named_struct(
        'key', {{ finops_chargeback.normalize_tag_key('tag.key') }},
        'value', {{ finops_chargeback.normalize_value('tag.value') }}
    )))
{%- endmacro %}

{% macro duckdb__distinct_normalized_tags(map_expression) -%}
    list_distinct(list_transform(map_entries({{ map_expression }}), lambda tag: {
        'key': {{ finops_chargeback.normalize_tag_key('tag.key') }},
        'value': {{ finops_chargeback.normalize_value('tag.value') }}
    }))
{%- endmacro %}
