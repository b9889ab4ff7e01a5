"""Read-only access to the DuckDB warehouse and dbt's artifacts for the dashboards.

Every query opens the warehouse read-only and closes it at once, so a running dashboard never
holds the file while `dbt build` writes it. Results are cached per query and per file
modification time: a rebuilt warehouse shows on the next page load, with no dashboard rebuild.

Month and partition columns are resolved here, in one place: the KPI marts name their month
`kpi_month` (`nps_month` in older builds of kpi_nps_monthly, `cohort_month` in the CLV mart)
and their partition `kpi_partition` (`nps_program` or `journey` in older builds).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

DEFAULT_DB = "target/cx_metrics.duckdb"
MONTH_COLUMNS = ("kpi_month", "nps_month", "cohort_month")
PARTITION_COLUMNS = ("kpi_partition", "nps_program", "journey")


def db_path() -> Path:
    return Path(os.environ.get("CXM_DUCKDB_PATH") or DEFAULT_DB)


def target_dir() -> Path:
    """dbt's target folder (DBT_TARGET_PATH, default `target`): manifest, run results, Data Docs."""
    return Path(os.environ.get("DBT_TARGET_PATH") or "target")


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(show_spinner=False, max_entries=512)
def _query(path: str, mtime: float, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
    del mtime  # part of the cache key only
    con = duckdb.connect(path, read_only=True)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


def query(sql: str, params: tuple[Any, ...] = ()) -> pd.DataFrame:
    """Run a read-only query against the warehouse (cached until the file changes)."""
    path = db_path()
    if not path.exists():
        st.error(f"No warehouse at {path}: run `make demo` (or set CXM_DUCKDB_PATH).")
        st.stop()
    return _query(str(path), _mtime(path), sql, params)


def mart_columns(mart: str) -> list[str]:
    df = query(
        "select column_name from information_schema.columns "
        "where table_schema = 'marts' and table_name = ? order by ordinal_position",
        (mart,),
    )
    return [str(c) for c in df["column_name"]]


def month_column(mart: str) -> str:
    cols = mart_columns(mart)
    found = next((c for c in MONTH_COLUMNS if c in cols), None)
    if found is None:
        raise LookupError(f"marts.{mart} has none of the month columns {MONTH_COLUMNS}")
    return found


def partition_column(mart: str) -> str | None:
    cols = mart_columns(mart)
    return next((c for c in PARTITION_COLUMNS if c in cols), None)


def read_json(name: str) -> dict[str, Any] | None:
    """A dbt artifact from the target folder (manifest.json, run_results.json, sources.json)."""
    path = target_dir() / name
    return _read_json(str(path), _mtime(path)) if path.exists() else None


@st.cache_data(show_spinner=False, max_entries=16)
def _read_json(path: str, mtime: float) -> dict[str, Any]:
    del mtime
    return dict(json.loads(Path(path).read_text(encoding="utf-8")))


def built_at() -> str:
    """When the warehouse file was last written (UTC), for the page footers."""
    path = db_path()
    stamp = pd.Timestamp(_mtime(path), unit="s", tz="UTC")
    return f"{path.resolve()} (written {stamp:%Y-%m-%d %H:%M} UTC)"
