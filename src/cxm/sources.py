"""The one list of raw tables: the dbt sources YAML (models/staging/*/_*__sources.yml).

Every raw table the project declares, with its columns, their types and its record key, is
read from there by the loader and the importer (cxm.load, cxm.imports), the quality checks
(cxm.quality) and, inside dbt, the preflight check (macros/preflight/cx_check_sources.sql,
through dbt's graph). A table's key is `id` unless the table sets `meta: {cx_raw_key: <column>}`.
DECISIONLOG.md#raw-table-list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
RAW_PREFIX = "raw_"
REGISTRY = f"{RAW_PREFIX}cx_meta.source_registry"


@dataclass(frozen=True)
class RawTable:
    source: str
    table: str
    columns: dict[str, str]  # name -> declared data_type (dbt's portable names: string, bigint, ...)
    key: str
    pii: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.source}.{self.table}"

    @property
    def relation(self) -> str:
        return f'{RAW_PREFIX}{self.source}."{self.table}"'


def project_dir() -> Path:
    return Path(os.environ.get("DBT_PROJECT_DIR") or REPO)


@cache
def raw_tables(root: Path | None = None) -> dict[str, RawTable]:
    """'<source>.<table>' -> RawTable, in the order of the sources YAML files."""
    base = (root or project_dir()) / "models" / "staging"
    out: dict[str, RawTable] = {}
    for path in sorted(base.glob("*/_*__sources.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for src in doc.get("sources", []):
            for tbl in src.get("tables", []):
                cols = {str(c["name"]): str(c.get("data_type") or "string") for c in tbl.get("columns", [])}
                pii = frozenset(
                    str(c["name"])
                    for c in tbl.get("columns", [])
                    if (c.get("meta") or {}).get("contains_pii")
                )
                key = str((tbl.get("meta") or {}).get("cx_raw_key", "id"))
                if key not in cols:
                    raise ValueError(f"{path}: {src['name']}.{tbl['name']} has no key column {key!r}")
                raw = RawTable(str(src["name"]), str(tbl["name"]), cols, key, pii)
                out[raw.name] = raw
    return out


def duckdb_type(data_type: str) -> str:
    """The DuckDB type of a declared (portable) type name."""
    return {"string": "varchar"}.get(data_type.lower(), data_type)
