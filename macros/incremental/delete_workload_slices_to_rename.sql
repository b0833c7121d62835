{#-
    Pre-hook of fct_workload_cost_daily (after delete_dates_aggregated_again): deletes the
    slices (usage day, workload type) whose names may have changed without a new record,
    so that the run writes them again: every endpoint row (an endpoint's name-only records
    fold into its id as soon as any record names both) and every slice holding a workload
    whose stored name is not its current name in dim_workload_names (renamed, deleted, or
    newly known). Nothing on a first run or in a table materialization.
-#}
{% macro delete_workload_slices_to_rename() -%}
    {%- if execute and model.resource_type == 'model' and is_incremental() -%}
    delete from {{ this }} as stored_rows
    where
        stored_rows.workload_type = 'endpoint'
        or exists (
            select 1
            from {{ this }} as renamed
            left join {{ ref('dim_workload_names') }} as workload_names
                on
                    renamed.workspace_id = workload_names.workspace_id
                    and renamed.workload_type = workload_names.workload_type
                    and renamed.workload_id = workload_names.workload_id
            where
                renamed.usage_date = stored_rows.usage_date
                and renamed.workload_type = stored_rows.workload_type
                -- endpoints are named from their records, not from dim_workload_names
                and renamed.workload_type != 'endpoint'
                and renamed.workload_name is distinct from workload_names.workload_name
        )
    {%- endif -%}
{%- endmacro %}


{#-
    Predicate on the rows an incremental model is about to write (`relation_alias`): their
    slice (`slice_columns`, e.g. usage day and workload type) is not in the stored table, so
    the model appends exactly the slices its pre-hooks deleted and any other missing one.
    `true` on a first run or in a table materialization.
-#}
{% macro slice_is_not_stored(relation_alias, slice_columns) -%}
    {%- if is_incremental() -%}
    not exists (
        select 1
        from {{ this }} as stored_slices
        where {{ finops_chargeback.columns_match('stored_slices', relation_alias, slice_columns) }}
    )
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}
