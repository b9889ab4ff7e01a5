{#-
    The source registry of the preflight check (DECISIONLOG.md#optional-sources): which
    declared raw tables have landed with data before, and which the check created empty
    because nothing was landed. Append-only (one row per table and state, written once), so
    it works on every engine: state 'landed' is sticky, 'absent' marks an empty stand-in.
-#}
{% macro cx_source_registry_relation() -%}
    {%- set node = (graph.sources.values() | selectattr('package_name', 'equalto', project_name) | first) -%}
    {{ return(api.Relation.create(
        database=node.database, schema=var('cx_raw_schema_prefix') ~ 'cx_meta', identifier='source_registry'
    )) }}
{%- endmacro %}

{% macro cx_source_registry_read() -%}
    {%- set registry = {'exists': false, 'landed': {}, 'absent': {}} -%}
    {%- set rel = cx_source_registry_relation() -%}
    {%- set found = adapter.get_relation(database=rel.database, schema=rel.schema, identifier=rel.identifier) -%}
    {%- if found is not none -%}
        {%- do registry.update({'exists': true}) -%}
        {%- for row in run_query('select source_table, source_state from ' ~ found).rows -%}
            {%- do registry[row[1]].update({row[0]: true}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(registry) }}
{%- endmacro %}

{% macro cx_relation_is_empty(relation) -%}
    {%- set result = run_query('select count(*) from (select 1 as one from ' ~ relation ~ ' limit 1) as probe') -%}
    {{ return(result.rows[0][0] == 0) }}
{%- endmacro %}

{% macro cx_source_registry_record(registry, found, newly_landed, absent) -%}
    {%- set rel = cx_source_registry_relation() -%}
    {%- set rows = [] -%}
    {%- for key in newly_landed -%}
        {%- do rows.append("('" ~ key ~ "', 'landed')") -%}
    {%- endfor -%}
    {%- for node in absent -%}
        {%- set key = node.source_name ~ '.' ~ node.name -%}
        {%- if not registry.absent.get(key) -%}
            {%- do rows.append("('" ~ key ~ "', 'absent')") -%}
        {%- endif -%}
        {%- do cx_create_empty_source(node) -%}
    {%- endfor -%}
    {%- if not rows and not absent and registry.exists -%}{{ return('') }}{%- endif -%}
    {%- do run_query(cx_create_schema_sql(rel.database, rel.schema)) -%}
    {%- do run_query(cx_create_table_sql(
        rel, [('source_table', 'string'), ('source_state', 'string')]
    )) -%}
    {%- if rows -%}
        {%- do run_query('insert into ' ~ rel ~ ' values ' ~ rows | join(', ')) -%}
    {%- endif -%}
    {#- hooks' queries are not committed by dbt-duckdb: the stand-ins and the registry must persist -#}
    {%- do run_query('commit') if target.type == 'duckdb' -%}
{%- endmacro %}

{% macro cx_create_empty_source(node) -%}
    {%- set rel = api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier) -%}
    {%- if adapter.get_relation(database=rel.database, schema=rel.schema, identifier=rel.identifier) is none -%}
        {%- set columns = [] -%}
        {%- for name, column in node.columns.items() -%}
            {%- do columns.append((name, column.data_type or 'string')) -%}
        {%- endfor -%}
        {%- do run_query(cx_create_schema_sql(rel.database, rel.schema)) -%}
        {%- do run_query(cx_create_table_sql(rel, columns)) -%}
    {%- endif -%}
{%- endmacro %}

{#- One line: the absent sources and the KPI marts that read them (empty or partial). -#}
{% macro cx_absent_sources_line(absent) -%}
    {%- set absent_ids = absent | map(attribute='unique_id') | list -%}
    {%- set reached = {} -%}
    {%- for unique_id in absent_ids -%}{%- do reached.update({unique_id: true}) -%}{%- endfor -%}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
    {%- for _ in range(30) -%}
        {%- for node in nodes if node.unique_id not in reached -%}
            {%- for parent in node.depends_on.nodes if parent in reached -%}
                {%- do reached.update({node.unique_id: true}) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set labels = [] -%}
    {%- for node in absent -%}{%- do labels.append(node.source_name ~ '.' ~ node.name) -%}{%- endfor -%}
    {%- set kpis = [] -%}
    {%- for node in nodes if node.unique_id in reached and 'kpis' in node.fqn -%}
        {%- do kpis.append(node.name) -%}
    {%- endfor -%}
    {{ return(
        'Sources absent (built empty, nothing was landed): '
        ~ (labels | sort | join(', '))
        ~ ' -> KPI marts reading them are empty or partial: ' ~ ((kpis | sort | join(', ')) or 'none')
    ) }}
{%- endmacro %}
