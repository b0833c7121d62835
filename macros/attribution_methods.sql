{#-
    The attribution methods in precedence order (docs block `attribution_rules`): the one
    list the marts, reports and tests use. int_usage_attributed implements the rules in this
    order; unallocated is the fallback.
-#}
{% macro attribution_methods() -%}
    {{ return(['tag', 'tag_rule', 'budget_policy', 'resource', 'identity', 'workspace', 'unallocated']) }}
{%- endmacro %}
