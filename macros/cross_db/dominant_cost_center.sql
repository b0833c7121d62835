{#-
    Aggregate expression: the cost center with the largest summed cost in a group, ties to
    the smaller id. Use it over rows already summed per cost center (one row per group and
    cost center), e.g.
        select workload_id, {{ finops_chargeback.dominant_cost_center('cost_center_id', 'net_cost_usd') }} as cost_center_id
        from by_cost_center group by workload_id
    It takes the minimum of (-cost, cost center) as a struct, which orders by cost first.
-#}
{% macro dominant_cost_center(cost_center_column, cost_column) -%}
    {{ return(adapter.dispatch('dominant_cost_center', 'finops_chargeback')(cost_center_column, cost_column)) }}
{%- endmacro %}

{% macro default__dominant_cost_center(cost_center_column, cost_column) -%}
    min(named_struct('neg_cost', -{{ cost_column }}, 'cost_center_id', {{ cost_center_column }})).cost_center_id
{%- endmacro %}

{% macro duckdb__dominant_cost_center(cost_center_column, cost_column) -%}
    min({'neg_cost': -{{ cost_column }}, 'cost_center_id': {{ cost_center_column }}}).cost_center_id
{%- endmacro %}
