{#-
    Preflight run by on-run-start before any model (DECISIONLOG.md#source-schema-changes):
    every source table declared in models/staging/*/_*__sources.yml must exist in the
    warehouse with every declared column, of its declared `data_type`. A missing table, a
    dropped column or a changed type stops the run with one message naming each table and
    column, before any model is touched, so the marts keep their last good build. A column
    the YAML does not declare is a warning (var cx_fail_on_new_source_columns: true makes it
    an error): base models read only declared columns, so a new column changes no figure.
    A column whose base model parses text by row lists the other types it accepts in
    `meta: {cx_also_accepted_types: [string]}`.
    No raw table at all means the warehouse file is missing, new or not loaded yet.
-#}
{% macro cx_check_sources() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set errors = [] -%}
    {%- set warnings = [] -%}
    {%- set found = [] -%}
    {%- set sources = graph.sources.values() | selectattr('package_name', 'equalto', project_name) | list -%}
    {%- for node in sources -%}
        {%- set label = node.schema ~ '.' ~ node.identifier -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.identifier
        ) -%}
        {%- if relation is none -%}
            {%- do errors.append(
                'missing source table ' ~ label ~ " (source('" ~ node.source_name ~ "', '" ~ node.name
                ~ "')): it is not in the warehouse"
            ) -%}
        {%- else -%}
            {%- do found.append(label) -%}
            {%- set actual = {} -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do actual.update({column.name | lower: cx_normalize_type(column.dtype)}) -%}
            {%- endfor -%}
            {%- for name, column in node.columns.items() -%}
                {%- set declared = cx_normalize_type(column.data_type) if column.data_type else none -%}
                {%- set also_accepted = [] -%}
                {%- for other in ((column.meta or {}).get('cx_also_accepted_types') or []) -%}
                    {%- do also_accepted.append(cx_normalize_type(other)) -%}
                {%- endfor -%}
                {%- if (name | lower) not in actual -%}
                    {%- do errors.append(
                        'dropped column: ' ~ label ~ '.' ~ name ~ ' is declared in the sources YAML but not in the table'
                    ) -%}
                {%- elif declared and declared != actual[name | lower] and actual[name | lower] not in also_accepted -%}
                    {%- do errors.append(
                        'changed type: ' ~ label ~ '.' ~ name ~ ' is ' ~ actual[name | lower]
                        ~ ', the sources YAML declares ' ~ declared
                    ) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set declared_names = node.columns.keys() | map('lower') | list -%}
            {%- for name in actual.keys() | sort if name not in declared_names -%}
                {%- do warnings.append(
                    'new column: ' ~ label ~ '.' ~ name ~ ' (' ~ actual[name] ~ ') is not declared in the sources YAML'
                ) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if sources and not found -%}
        {{ exceptions.raise_compiler_error(
            'Source check failed: the warehouse ' ~ (target.path or target.name)
            ~ ' has none of the ' ~ (sources | length) ~ ' raw source tables. The database file is missing,'
            ~ ' new or not loaded yet: land the raw data first (`cxm load`).'
        ) }}
    {%- endif -%}
    {%- if warnings and var('cx_fail_on_new_source_columns') -%}
        {%- do errors.extend(warnings) -%}
        {%- set warnings = [] -%}
    {%- endif -%}
    {%- for message in warnings -%}
        {%- do exceptions.warn('Source check: ' ~ message ~ ' (ignored by the models; declare it to use it)') -%}
    {%- endfor -%}
    {%- if errors -%}
        {{ exceptions.raise_compiler_error(
            'Source check failed, nothing was built (the marts keep their last build):\n  - '
            ~ errors | join('\n  - ')
            ~ '\nFix the landing (or update the sources YAML and the base model) and run again.'
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
