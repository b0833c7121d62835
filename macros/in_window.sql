{#- True when `date_expression` falls in the mapping's [valid_from, valid_to) window (blank = open). -#}
{% macro in_window(date_expression, mapping) -%}
    {{ date_expression }} >= coalesce({{ mapping }}.valid_from, cast('1900-01-01' as date))
    and {{ date_expression }} < coalesce({{ mapping }}.valid_to, cast('9999-12-31' as date))
{%- endmacro %}
