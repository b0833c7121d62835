{#-
    Cost precision lives here, and only here. See macros/_macros.yml and
    the docs block `cost_precision` for why these precisions were chosen.
-#}

{% macro money_type() -%}
    decimal(38, 12)
{%- endmacro %}

{% macro quantity_type() -%}
    decimal(28, 14)
{%- endmacro %}

{% macro unit_price_type() -%}
    decimal(24, 14)
{%- endmacro %}

{% macro cost_of(quantity, unit_price) -%}
    cast(
        cast({{ quantity }} as {{ finops_chargeback.quantity_type() }})
        * cast({{ unit_price }} as {{ finops_chargeback.unit_price_type() }})
        as {{ finops_chargeback.money_type() }}
    )
{%- endmacro %}

{% macro apply_rate(amount, factor) -%}
    cast(
        cast({{ amount }} as decimal(26, 12))
        * cast({{ factor }} as decimal(12, 10))
        as {{ finops_chargeback.money_type() }}
    )
{%- endmacro %}

{% macro allocate_share(amount, weight, total_weight) -%}
    cast(
        cast({{ amount }} as double)
        * (cast({{ weight }} as double) / cast({{ total_weight }} as double))
        as {{ finops_chargeback.money_type() }}
    )
{%- endmacro %}

{#- A ratio of two amounts as a double; null when the denominator is 0 (never a division error). -#}
{% macro share_of(numerator, denominator) -%}
    case
        when {{ denominator }} != 0
            then cast({{ numerator }} as double) / cast({{ denominator }} as double)
    end
{%- endmacro %}

{#-
    The sum of a few money amounts as money_type(), exact on both engines: Spark types the sum
    of two decimal(38,12) as decimal(38,11) (it drops scale to stay within 38 digits), so the
    terms are narrowed to decimal(36,12) first (amounts up to 10^24 USD), which adds up to
    three terms without losing a digit.
-#}
{% macro add_money(amounts) -%}
    cast(
        {%- for amount in amounts %}
        cast({{ amount }} as decimal(36, 12)){{ " +" if not loop.last }}
        {%- endfor %}
        as {{ finops_chargeback.money_type() }}
    )
{%- endmacro %}
