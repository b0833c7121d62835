{#- Tag keys: lower-case, trimmed, without `_`, `-`, `.` and spaces. -#}
{% macro normalize_tag_key(expression) -%}
    replace(replace(replace(replace(lower(trim({{ expression }})), '_', ''), '-', ''), '.', ''), ' ', '')
{%- endmacro %}

{#- Tag values, principals and ids from seeds: trimmed and lower-cased. -#}
{% macro normalize_value(expression) -%}
    lower(trim({{ expression }}))
{%- endmacro %}
