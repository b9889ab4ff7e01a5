{#-
    Incremental staging of the large raw tables (DECISIONLOG.md#incremental-look-back,
    #incremental-strategy).

    cx_incremental_strategy(): the one place that picks dbt's incremental strategy, from var
    `cx_incremental_strategy`. Spark without extra jars supports only
    append and insert_overwrite: set the var in that target's vars or on the command line.

    cx_incremental_keys(relation, key_column): on an incremental run, restricts a base model
    to the keys that had a raw row land at or after the target's latest `loaded_at` minus var
    `cx_incremental_lookback_days` (or a row without a landing time). Every raw row of those
    keys is kept, so the base model's dedup (cx_dedupe_and_flag: a usable row beats an
    unusable one, then the latest landing wins) is decided over all deliveries of the key,
    exactly as on a full refresh. On a full refresh it renders nothing.

    cx_prune_vanished_rows(relation, key_column): a post-hook that deletes target rows whose
    key no longer has an accepted row in the base model (a raw row deleted at the source, or
    a key that is now rejected), so an incremental build never keeps rows a full refresh
    would drop. Strategies without row deletes (append, insert_overwrite) skip it; on them a
    deletion at the source needs `dbt build --full-refresh` (the cx_rows_accounted_for tests
    fail until then, nothing goes unnoticed).
-#}
{#-
    cx_incremental_materialized(): 'incremental', except on Spark, where parquet tables have
    neither delete+insert nor merge and insert_overwrite without partitions would replace the
    table by the batch: there the four models are plain tables, rebuilt in full each run
    (trivially equal to a full refresh). var cx_incremental_materialized overrides it (e.g.
    'incremental' on Databricks/Delta, with cx_incremental_strategy: merge).
-#}
{% macro cx_incremental_materialized() -%}
    {{ return(var('cx_incremental_materialized', 'table' if target.type == 'spark' else 'incremental')) }}
{%- endmacro %}

{% macro cx_incremental_strategy() -%}
    {{ return(var('cx_incremental_strategy')) }}
{%- endmacro %}

{% macro cx_incremental_keys(relation, key_column) -%}
    {%- if is_incremental() %}
    where {{ key_column }} in (
        select landed.{{ key_column }}
        from {{ relation }} as landed
        where
            landed.loaded_at is null
            or landed.loaded_at >= (
                select
                    coalesce(
                        {{ dbt.dateadd('day', -1 * (var('cx_incremental_lookback_days') | int), 'max(loaded_at)') }},
                        cast('1900-01-01' as timestamp)
                    )
                from {{ this }}
            )
    )
    {%- endif %}
{%- endmacro %}

{% macro cx_prune_vanished_rows(relation, key_column) -%}
    {%- if cx_incremental_strategy() in ('delete+insert', 'merge') and is_incremental() -%}
        delete from {{ this }}
        where {{ key_column }} not in (
            select {{ key_column }} from {{ relation }}
            where reject_reason is null and {{ key_column }} is not null
        )
    {%- endif -%}
{%- endmacro %}
