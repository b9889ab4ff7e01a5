"""No identifier, path or value from outside the code is spliced into SQL (README.md#security-and-pii).

Every f-string handed to `execute()` or `sql()` in src/cxm is parsed, and each interpolated
expression must be one reviewed below: a name from the code or the sources YAML (quoted where it
is an identifier), or a value passed through `sql_string_literal` for the statements that take
no bound parameter (ATTACH, PRAGMA). Values always go in as parameters. A new interpolation
fails this test until it is reviewed and listed with its reason.
"""

from __future__ import annotations

import ast

from cxm.warehouse import sql_string_literal

from .conftest import REPO

REVIEWED: dict[str, str] = {
    "EXPORT_SCHEMA": "a constant (cxm.load)",
    "EXPORT_TABLE": "a constant (cxm.load)",
    "INCOMING_VIEW": "a constant: the temporary view a Parquet file is read through",
    "RAW_PREFIX": "a constant (cxm.load)",
    "REGISTRY": "a constant (cxm.sources)",
    "DUCKDB_KEY_VARIABLE": "a constant; the salt itself is a bound parameter",
    "parquet": "INCOMING_VIEW (cxm.load)",
    "relation": "raw_<source>.<table> from the generator's fixed table list",
    "query": "'select * from ' + a relation above (cxm.load)",
    "source": "a source name from the generator's fixed table list",
    "table": "a table name from the fixed table list or information_schema (quality: marts.kpi_*)",
    "rel": "raw_<source>.<table> from the sources YAML (cxm.sources)",
    "raw_tables()[name].relation": "raw_<source>.<table> from the sources YAML",
    "table.relation": "raw_<source>.<table> from the sources YAML",
    "table.table": "a table name from the sources YAML, double-quoted",
    "schema": "raw_<source> from the sources YAML, double-quoted",
    "cols": "declared columns (sources YAML), double-quoted, with their declared types",
    "names": "declared columns (sources YAML), double-quoted",
    "same": "declared columns (sources YAML), double-quoted",
    "', '.join(sorted(needed))": "columns both declared and landed (information_schema)",
    "scratch": "a generated temporary table name (cxm.spark)",
    "side": "'base' or 'head' (cxm.kpi_diff)",
    "stmt": "SQL MetricFlow generated from the semantic manifest (EXPLAIN of a dry run)",
    "sql": "a model's compiled SQL from dbt's run results (the benchmark's profiler)",
    "items": "mart columns from the manifest, double-quoted (cxm.catalog_mart)",
    "month": "the mart's month column from information_schema, double-quoted (cxm.catalog_mart)",
    "' and '.join(where)": "fixed filters and the metric's mart_filter from the project's YAML",
    "MONTHS_SHOWN": "a constant (cxm.catalog_mart)",
    "', '.join(select)": "key and figure columns from the manifest, double-quoted (cxm.kpi_diff)",
    "b_rel": "base.<schema>.<mart> from information_schema, double-quoted (cxm.kpi_diff)",
    "h_rel": "head.<schema>.<mart> from information_schema, double-quoted (cxm.kpi_diff)",
    "on": "key columns from the manifest, double-quoted (cxm.kpi_diff)",
}
LITERAL_HELPER = "sql_string_literal"


SQL_START = (
    "select",
    "insert",
    "create",
    "delete",
    "drop",
    "attach",
    "pragma",
    "describe",
    "update",
    "alter",
    "with",
    "copy",
    "set ",
    "explain",
    "from ",
)


def _is_sql(node: ast.JoinedStr) -> bool:
    first = node.values[0] if node.values else None
    return isinstance(first, ast.Constant) and str(first.value).strip().lower().startswith(SQL_START)


def _interpolations() -> dict[str, list[str]]:
    """Every expression interpolated into an f-string that is SQL: handed to execute()/sql(), or
    starting with an SQL keyword (built first, run later)."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "src" / "cxm").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sql_strings: list[ast.JoinedStr] = []
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.args
                and node.func.attr in ("execute", "sql")
                and isinstance(node.args[0], ast.JoinedStr)
            ):
                sql_strings.append(node.args[0])
            if isinstance(node, ast.JoinedStr) and _is_sql(node):
                sql_strings.append(node)
        for string in sql_strings:
            for part in string.values:
                if isinstance(part, ast.FormattedValue):
                    where = f"{path.relative_to(REPO)}:{string.lineno}"
                    found.setdefault(ast.unparse(part.value), []).append(where)
    return found


def test_every_value_spliced_into_sql_is_a_reviewed_name_or_a_quoted_literal() -> None:
    found = _interpolations()
    assert len(found) > 10, "the scan found no SQL f-strings: is it still looking at src/cxm?"
    unreviewed = {
        expr: where
        for expr, where in found.items()
        if expr not in REVIEWED and not expr.startswith(f"{LITERAL_HELPER}(")
    }
    assert unreviewed == {}


def test_no_path_reaches_sql_unquoted() -> None:
    for expr in _interpolations():
        if any(word in expr.lower() for word in ("path", "file", "dir", "posix", "mapping")):
            assert expr.startswith(f"{LITERAL_HELPER}("), expr


def test_the_literal_helper_doubles_quotes() -> None:
    assert sql_string_literal("it's') ; drop table x; --") == "'it''s'') ; drop table x; --'"
