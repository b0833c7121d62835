{#- Build a struct from an ordered list of (name, expression) pairs. -#}
{% macro named_struct(fields) -%}
    {{ return(adapter.dispatch('named_struct', 'finops_chargeback')(fields)) }}
{%- endmacro %}

{% macro default__named_struct(fields) -%}
    named_struct({% for name, expression in fields %}'{{ name }}', {{ expression }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{% macro duckdb__named_struct(fields) -%}
    struct_pack({% for name, expression in fields %}{{ name }} := {{ expression }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
