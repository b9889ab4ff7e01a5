"""Reading a KPI mart's series from the warehouse for the catalogue (latest value, chart).

KPI marts name their month column `kpi_month` and their programme/partition column
`kpi_partition`; older marts used `nps_month` / `nps_program`. Both spellings are resolved
here, in one place (COLUMN_ALIASES), so the catalogue reads either.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp

# canonical name -> every spelling a mart may use, preferred first
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "kpi_month": ("kpi_month", "nps_month"),
    "kpi_partition": ("kpi_partition", "nps_program"),
}
MONTHS_SHOWN = 24


def resolve(columns: list[str], canonical: str) -> str | None:
    """The mart's own spelling of a canonical column (kpi_month, kpi_partition), or None."""
    for name in COLUMN_ALIASES.get(canonical, (canonical,)):
        if name in columns:
            return name
    return None


def month_column(columns: list[str], declared: str | None = None) -> str | None:
    """The time column: the reconcile entry's time_column (any spelling) else the KPI month."""
    if declared:
        for canonical, names in COLUMN_ALIASES.items():
            if declared in names:
                return resolve(columns, canonical)
        if declared in columns:
            return declared
    return resolve(columns, "kpi_month")


def rewrite_filter(condition: str, columns: list[str]) -> str:
    """A mart_filter with alias columns renamed to the spelling the mart really has."""
    tree = sqlglot.parse_one(condition, dialect="duckdb")
    for col in tree.find_all(exp.Column):
        for canonical, names in COLUMN_ALIASES.items():
            if col.name in names and col.name not in columns:
                real = resolve(columns, canonical)
                if real:
                    col.set("this", exp.to_identifier(real))
    return tree.sql(dialect="duckdb")


def ci_columns(columns: list[str], value_column: str) -> tuple[str | None, str | None]:
    """The 95% interval columns of a value column (`<value>_ci95_low` or a shorter stem of it)."""
    stems = [c[: -len("_ci95_low")] for c in columns if c.endswith("_ci95_low")]
    for stem in sorted(stems, key=len, reverse=True):
        if value_column == stem or value_column.startswith(stem + "_"):
            return f"{stem}_ci95_low", f"{stem}_ci95_high"
    return None, None


def mart_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?"
        " order by ordinal_position",
        [schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def read_series(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, reconcile: dict[str, Any]
) -> list[dict[str, Any]]:
    """Last MONTHS_SHOWN months of the `all` segment of one metric (its mart_filter applied)."""
    columns = mart_columns(con, schema, table)
    month = month_column(columns, reconcile.get("time_column"))
    value = reconcile.get("value_column")
    if not columns or month is None or value not in columns:
        return []
    low, high = ci_columns(columns, value)
    sample = reconcile.get("sample_column")
    select = {
        "month": month,
        "value": value,
        "ci_low": low,
        "ci_high": high,
        "sample": sample if sample in columns else None,
        "is_small_sample": "is_small_sample" if "is_small_sample" in columns else None,
    }
    items = ", ".join(f'"{c}" as {k}' if c else f"null as {k}" for k, c in select.items())
    where = ["1 = 1"]
    if "segment_name" in columns:
        where.append("segment_name = 'all' and segment_value = 'all'")
    if reconcile.get("mart_filter"):
        where.append(f"({rewrite_filter(str(reconcile['mart_filter']), columns)})")
    sql = (
        f'select {items} from "{schema}"."{table}" where {" and ".join(where)} '
        f'order by "{month}" desc limit {MONTHS_SHOWN}'
    )
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for r in rows:
        if isinstance(r["month"], date):
            r["month"] = r["month"].isoformat()[:10]
    return list(reversed(rows))


def latest(series: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The latest month that has a value."""
    with_value = [r for r in series if r["value"] is not None]
    return with_value[-1] if with_value else None


def connect(database: Path) -> duckdb.DuckDBPyConnection | None:
    if not database.exists():
        return None
    return duckdb.connect(str(database), read_only=True)
