{#-
    Join condition between usage records and a price table: same SKU, cloud and unit, and the
    price period contains usage_end_time (the convention of Databricks' own cost queries).
-#}
{% macro price_in_force(usage, prices) -%}
    {{ usage }}.sku_name = {{ prices }}.sku_name
    and {{ usage }}.cloud = {{ prices }}.cloud
    and {{ usage }}.usage_unit = {{ prices }}.usage_unit
    and {{ usage }}.usage_end_time >= {{ prices }}.price_start_time
    and ({{ prices }}.price_end_time is null or {{ usage }}.usage_end_time < {{ prices }}.price_end_time)
{%- endmacro %}
