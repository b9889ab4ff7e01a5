"""Every KPI mart BI tools read equals the semantic layer's metric, cell by cell.

Each KPI mart declares in its YAML `config.meta.reconcile` which metric gives which column;
this test compares them for every month x segment (the mart's long format: segment_name,
segment_value) on the warehouse built by the session fixture.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
import yaml

from cxm.semantic import SemanticLayer

from .conftest import REPO, Warehouse

KPI_DIR = REPO / "models" / "marts" / "kpis"


def _kpi_models() -> dict[str, dict[str, Any]]:
    models: dict[str, dict[str, Any]] = {}
    for path in sorted(KPI_DIR.glob("*/*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            models[model["name"]] = model
    return models


def _cases() -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, entry)
        for name, model in _kpi_models().items()
        for entry in (model.get("config", {}).get("meta", {}).get("reconcile") or [])
    ]


def test_every_kpi_mart_declares_its_reconciliation() -> None:
    missing = [
        n for n, m in _kpi_models().items() if not m.get("config", {}).get("meta", {}).get("reconcile")
    ]
    assert _kpi_models() and not missing, f"KPI marts without meta.reconcile: {missing}"


@pytest.fixture(scope="module")
def semantic_layer(warehouse: Warehouse) -> Iterator[SemanticLayer]:
    sl = SemanticLayer(warehouse.target_path / "semantic_manifest.json", warehouse.db_path)
    yield sl
    sl.close()


def _cell(value: Any) -> float | None:
    return None if value is None else float(value)


@pytest.mark.integration
@pytest.mark.parametrize(("model", "entry"), _cases(), ids=[f"{m}:{e['metric']}" for m, e in _cases()])
def test_kpi_mart_equals_semantic_layer(
    warehouse: Warehouse, semantic_layer: SemanticLayer, model: str, entry: dict[str, Any]
) -> None:
    time_column = entry.get("time_column", "kpi_month")
    grain = entry.get("time_grain", "month")
    value_column = entry["value_column"]
    where = entry.get("mart_filter", "true")
    dims: dict[str, str] = entry.get("dimensions", {})
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        rows = con.execute(
            f"""select cast({time_column} as varchar), segment_name, segment_value, {value_column}
                from marts.{model} where ({where}) and {value_column} is not null"""
        ).fetchall()
    finally:
        con.close()
    assert rows, f"marts.{model} has no {value_column} to compare"
    mart: dict[str, dict[tuple[str, str], float]] = {}
    for period, seg_name, seg_value, value in rows:
        mart.setdefault(seg_name, {})[(period[:10], seg_value)] = float(value)
    checked = 0
    for seg_name, cells in sorted(mart.items()):
        dim = None if seg_name == "all" else dims.get(seg_name, f"{entry['dimension_entity']}__{seg_name}")
        time_dim = f"metric_time__{grain}"
        result = semantic_layer.query([entry["metric"]], [time_dim] + ([dim] if dim else []))
        from_sl: dict[tuple[str, str], float] = {}
        for r in result:
            value = _cell(r[entry["metric"]])
            if value is None:
                continue
            seg_value = "all" if dim is None else ("unknown" if r[dim] is None else str(r[dim]))
            from_sl[(str(r[time_dim])[:10], seg_value)] = value
        assert set(cells) == set(from_sl), (
            f"{model} {seg_name}: only in mart {sorted(set(cells) - set(from_sl))[:5]}, "
            f"only in semantic layer {sorted(set(from_sl) - set(cells))[:5]}"
        )
        for key, value in cells.items():
            assert math.isclose(value, from_sl[key], rel_tol=1e-9, abs_tol=1e-9), (
                seg_name,
                key,
                value,
                from_sl[key],
            )
            checked += 1
    assert checked > 0


def test_reconciliation_cases_cover_known_kpis() -> None:
    metrics = {e["metric"] for _, e in _cases()}
    assert {"relationship_nps", "transactional_nps", "csat_top_box_share"} <= metrics, metrics
