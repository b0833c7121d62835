{#-
    The budgets seed in normal form, one row per budget and validity window: text cells read
    through seed_text (so Spark's 'None' for a blank cell is blank too), scope values in the
    form the cost series use (tags split and normalised like attribution, products upper-case).
-#}
with

budgets as (

    select * from {{ ref('budgets') }}

),

cleaned as (

    select
        {{ finops_chargeback.seed_text('budget_id') }} as budget_id,
        lower({{ finops_chargeback.seed_text('scope_type') }}) as scope_type,
        {{ finops_chargeback.seed_text('scope_value') }} as scope_value,
        lower({{ finops_chargeback.seed_text('period') }}) as period,
        cast(amount_usd as {{ finops_chargeback.money_type() }}) as amount_usd,
        {{ finops_chargeback.seed_text('alert_thresholds') }} as alert_thresholds,
        valid_from,
        valid_to

    from budgets

),

tags as (

    select
        *,
        case
            when scope_type = 'tag' and instr(scope_value, '=') > 1
                then {{ finops_chargeback.normalize_tag_key("substring(scope_value, 1, instr(scope_value, '=') - 1)") }}
        end as tag_key,
        case
            when scope_type = 'tag' and instr(scope_value, '=') > 1
                then {{ finops_chargeback.normalize_value("substring(scope_value, instr(scope_value, '=') + 1)") }}
        end as tag_value

    from cleaned

),

final as (

    select
        budget_id,
        scope_type,
        case scope_type
            when 'account' then cast(null as string)
            when 'tag' then tag_key || '=' || tag_value
            when 'product' then upper(scope_value)
            else scope_value
        end as scope_value,
        scope_value as scope_value_as_written,
        tag_key,
        tag_value,
        period,
        amount_usd,
        alert_thresholds,
        valid_from,
        valid_to

    from tags

)

select * from final
