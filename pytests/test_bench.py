"""The benchmark runs end to end and reports every figure (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxm.bench import format_table, kpi_queries, run_bench


@pytest.mark.integration
def test_bench_reports_every_figure_at_a_tiny_scale(tmp_path: Path) -> None:
    report = run_bench([0.05], runs=1, work_dir=tmp_path)
    (r,) = report["results"]
    assert r["raw_rows"] > 1000
    for key in (
        "floor_seconds",
        "build_model_seconds",
        "build_test_seconds",
        "warehouse_mb",
        "ratio_to_floor",
    ):
        assert r[key] > 0, key
    assert r["build"]["peak_rss_mb"] > 50 and r["generate"]["seconds"] > 0
    # one semantic-layer query per KPI family (one per folder under models/marts/kpis)
    assert len(kpi_queries()) >= 15
    assert set(r["queries"]) == set(kpi_queries())
    assert all(seconds > 0 for seconds in r["queries"].values())
    table = format_table(report)
    assert "x floor" in table and "0.05" in table
