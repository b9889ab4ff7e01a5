"""Query the dbt semantic layer (MetricFlow) in-process against the DuckDB warehouse.

The same engine as the `mf query` command line, without its per-call start-up cost (a
`dbt debug` and a manifest load each time, 14-18 s; in-process 0.1-0.2 s): `cxm query` and the
reconciliation tests (which compare every KPI mart with the metric definitions) use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
from metricflow.data_table.mf_table import MetricFlowDataTable
from metricflow.engine.metricflow_engine import MetricFlowEngine, MetricFlowQueryRequest
from metricflow.protocols.sql_client import SqlEngine
from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer
from metricflow_semantics.model.dbt_manifest_parser import (
    parse_manifest_from_dbt_generated_manifest,
)
from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup


class DuckDbSqlClient:
    """The minimal SqlClient protocol MetricFlow needs, over a read-only DuckDB connection."""

    sql_engine_type = SqlEngine.DUCKDB
    sql_plan_renderer = DuckDbSqlPlanRenderer()

    def __init__(self, db_path: Path) -> None:
        self._con = duckdb.connect(str(db_path), read_only=True)

    def query(self, stmt: str, sql_bind_parameter_set: Any = None) -> MetricFlowDataTable:
        cur = self._con.execute(stmt)
        names = [d[0] for d in cur.description or []]
        return MetricFlowDataTable.create_from_rows(column_names=names, rows=cur.fetchall())

    def execute(self, stmt: str, sql_bind_parameter_set: Any = None) -> None:
        self._con.execute(stmt)

    def dry_run(self, stmt: str, sql_bind_parameter_set: Any = None) -> None:
        self._con.execute(f"explain {stmt}")

    def close(self) -> None:
        self._con.close()

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return f"${bind_parameter_key}"


class SemanticLayer:
    """MetricFlow over a built warehouse: `target/semantic_manifest.json` + the DuckDB file."""

    def __init__(self, semantic_manifest: Path, db_path: Path) -> None:
        manifest = parse_manifest_from_dbt_generated_manifest(semantic_manifest.read_text())
        self._client = DuckDbSqlClient(db_path)
        self._engine = MetricFlowEngine(
            semantic_manifest_lookup=SemanticManifestLookup(manifest), sql_client=self._client
        )

    def query(
        self,
        metrics: Sequence[str],
        group_by: Sequence[str],
        where: Sequence[str] = (),
        order_by: Sequence[str] = (),
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        request = MetricFlowQueryRequest.create(
            metric_names=list(metrics),
            group_by_names=list(group_by),
            where_constraints=list(where) or None,
            order_by_names=list(order_by) or None,
            limit=limit,
        )
        table = self._engine.query(request).result_df
        return [dict(zip(table.column_names, row, strict=True)) for row in table.rows]

    def close(self) -> None:
        self._client.close()


def format_rows(rows: Sequence[dict[str, Any]]) -> str:
    """Rows as an aligned text table (numbers right-aligned, floats to 4 decimals)."""
    if not rows:
        return "(no rows)"
    names = list(rows[0])

    def cell(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.4f}"
        return str(v)

    cells = [[cell(r[n]) for n in names] for r in rows]
    widths = [max(len(n), *(len(c[i]) for c in cells)) for i, n in enumerate(names)]
    numeric = [all(isinstance(r[n], int | float) or r[n] is None for r in rows) for n in names]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(names), line(["-" * w for w in widths]), *(line(c) for c in cells)])
