"""The dbt project's SQL stays portable (DECISIONLOG.md#spark-engine): engine-specific SQL
only in macros/cross_db/ behind adapter.dispatch. A fast check that catches the DuckDB-only
constructs found while porting to Spark before a Spark build does."""

from __future__ import annotations

import re

from .conftest import REPO

PARTS = ("models", "macros", "tests", "analyses", "seeds")
ENGINE_SPECIFIC_DIR = REPO / "macros" / "cross_db"
# pattern -> why it is not portable
NOT_PORTABLE = {
    r"\bvarchar\b": "Spark needs a length for varchar: write `string` (DuckDB reads it as varchar)",
    r"\b1\.0 \*|\b100\.0 \* \(": "a decimal on Spark: cast the numerator to double before dividing",
    r"\bquantile_cont\s*\(|\bpercentile_approx\s*\(": "use cx_percentile",
    r"\bepoch\s*\(|\bunix_micros\s*\(|\bunix_timestamp\s*\(": "use cx_epoch_seconds",
    r"\bdatediff\b": "differs on Spark for month/hour/minute: use cx_duration_seconds",
    r"\bregexp_matches\s*\(|\brlike\b": "use cx_is_integer_text (or a new cross_db macro)",
    r"\btry_cast\s*\(|\bto_timestamp\s*\(": "use cx_to_utc_timestamp",
    r"::": "`::` casts are not Spark SQL: use cast(... as ...)",
    r"(?<![-/:])//(?![-/])": "integer division differs (DuckDB //, Spark div)",
    r"\bstrftime\s*\(|\bstrptime\s*\(": "not Spark SQL: add a cross_db macro",
    r"\biff\s*\(": "not Spark SQL: use case when",
    r"(?<!-)[=<>]\s*not\b": "Spark cannot parse `a = not b`: write `a = (not b)`",
}


def _files() -> list:
    out = []
    for part in PARTS:
        for path in sorted((REPO / part).rglob("*")):
            if path.suffix in (".sql", ".yml", ".yaml") and ENGINE_SPECIFIC_DIR not in path.parents:
                out.append(path)
    return out


def _code(text: str) -> str:
    """The text without Jinja comments and SQL line comments (prose may name functions)."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    return re.sub(r"--[^\n]*", "", text)


def test_sql_outside_cross_db_macros_is_portable() -> None:
    files = _files()
    assert len(files) > 50
    hits = []
    for path in files:
        code = _code(path.read_text(encoding="utf-8"))
        for pattern, why in NOT_PORTABLE.items():
            for m in re.finditer(pattern, code, flags=re.I):
                line = code[: m.start()].count("\n") + 1
                hits.append(f"{path.relative_to(REPO)}:~{line}: {m.group(0)!r}: {why}")
    assert hits == []
