"""The benchmark runs end to end and reports every figure (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cxm.benchmarks.build import duckdb_profile, format_table, kpi_queries, run_bench


@pytest.mark.integration
def test_bench_reports_every_figure_at_a_tiny_scale(tmp_path: Path) -> None:
    report = run_bench([0.05], runs=1, work_dir=tmp_path)
    (r,) = report["results"]
    assert r["raw_rows"] > 1000
    # the incremental step appends about 1% (the newest landings, late rows, re-deliveries)
    assert 0.005 * r["raw_rows"] < r["appended_rows"] < 0.05 * r["raw_rows"]
    for key in (
        "floor_seconds",
        "warehouse_mb",
        "ratio_to_floor",
        "incremental_ratio",
        "queries_peak_rss_mb",
    ):
        assert r[key] > 0, key
    for build in ("build", "incremental"):
        for key in ("seconds", "peak_rss_mb", "model_seconds", "test_seconds", "nodes"):
            assert r[build][key] > 0, (build, key)
    assert r["incremental"]["nodes"] == r["build"]["nodes"]
    for step in ("generate", "load", "append"):
        assert r[step]["seconds"] > 0 and r[step]["peak_rss_mb"] > 20, step
    # one semantic-layer query per KPI family (one per folder under models/marts/kpis)
    assert len(kpi_queries()) >= 15
    assert set(r["queries"]) == set(kpi_queries())
    assert all(seconds > 0 for seconds in r["queries"].values())
    # the profile: the slowest models, DuckDB's profiler on the slowest SQL ones
    assert len(r["slowest_models"]) == 10
    assert r["slowest_models"][0]["seconds"] >= r["slowest_models"][-1]["seconds"]
    assert len(r["duckdb_profiles"]) == 3
    assert all(p["costliest_operators"] and p["table_scans"] for p in r["duckdb_profiles"])
    assert report["machine"]["cpus"] >= 1 and report["machine"]["memory_gb"] > 0
    table = format_table(report)
    assert "x floor" in table and "0.05" in table and "incr/full" in table and "DuckDB profile" in table


def test_duckdb_profile_counts_each_scan_of_a_table(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table facts as select range as id, range % 7 as k from range(10000)")
    con.close()
    once = duckdb_profile(db, "select k, count(*) as n from facts group by k")
    twice = duckdb_profile(
        db,
        "select a.k, count(*) as n from facts as a"
        " join (select distinct k from facts) as b using (k) group by a.k",
    )
    assert list(once["table_scans"].values()) == [1]
    assert list(twice["table_scans"].values()) == [2]
    assert once["costliest_operators"][0]["seconds"] >= 0
