"""Project-wide checks on the built warehouse: dbt build results and the semantic layer's validation."""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

import duckdb
import pytest

from .conftest import ProjectCopy, Warehouse


@pytest.mark.integration
def test_dbt_build_ran_models_unit_tests_and_data_tests(warehouse: Warehouse) -> None:
    results = json.loads((warehouse.target_path / "run_results.json").read_text())["results"]
    kinds: dict[str, int] = {}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        assert r["status"] in {"success", "pass", "warn", "no-op"}, (
            r["unique_id"],
            r["status"],
            r.get("message"),
        )
    assert kinds.get("model", 0) >= 10 and kinds.get("test", 0) >= 50 and kinds.get("unit_test", 0) >= 4, (
        kinds
    )


@pytest.mark.integration
def test_every_source_table_reconciles_raw_with_accepted_plus_rejected(
    warehouse: Warehouse,
) -> None:
    manifest = json.loads((warehouse.target_path / "manifest.json").read_text())
    sources = {n["source_name"] + "." + n["name"] for n in manifest["sources"].values()}
    tested = {
        n["test_metadata"]["kwargs"]["source_table"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test" and n.get("test_metadata", {}).get("name") == "cx_rows_accounted_for"
    }
    assert sources == tested, f"source tables without the raw = accepted + rejected test: {sources - tested}"


@pytest.mark.integration
def test_mf_validate_configs_against_the_built_warehouse(project_copy: ProjectCopy) -> None:
    """MetricFlow's checks including those that query the warehouse (make validate skips those)."""
    proc = project_copy.run(str(Path(sys.executable).parent / "mf"), "validate-configs")
    out = proc.stdout
    assert "Successfully validated semantic models against data warehouse" in out, out[-3000:]
    assert "Successfully validated metrics against data warehouse" in out, out[-3000:]


@pytest.mark.integration
def test_kpi_mart_sample_sizes_add_up_across_segments(warehouse: Warehouse) -> None:
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        bad = con.execute(
            """
            with per_segment as (
                select kpi_month, kpi_partition, segment_name, sum(answers) as answers
                from marts.kpi_nps_monthly group by all
            )
            select a.* from per_segment a
            join per_segment b using (kpi_month, kpi_partition)
            where b.segment_name = 'all' and a.answers != b.answers
            """
        ).fetchall()
    finally:
        con.close()
    assert bad == []


@pytest.mark.integration
def test_mf_command_line_answers_by_month_and_segment(
    warehouse: Warehouse, project_copy: ProjectCopy, tmp_path: Path
) -> None:
    """What an analytics engineer types: `mf query ... --csv`."""
    out = tmp_path / "nps.csv"
    proc = project_copy.run(
        str(Path(sys.executable).parent / "mf"),
        "query",
        "--metrics",
        "relationship_nps,nps_answers",
        "--group-by",
        "metric_time__month,survey_response__region",
        "--order",
        "metric_time__month",
        "--csv",
        str(out),
    )
    assert out.exists(), proc.stdout
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert rows and set(rows[0]) == {
        "metric_time__month",
        "survey_response__region",
        "relationship_nps",
        "nps_answers",
    }
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        mart = {
            (str(m), str(v)): float(n)
            for m, v, n in con.execute(
                """select kpi_month, segment_value, nps from marts.kpi_nps_monthly
                   where kpi_partition = 'relationship' and segment_name = 'region' and answers > 0"""
            ).fetchall()
        }
    finally:
        con.close()
    checked = 0
    for r in rows:
        if r["relationship_nps"]:
            key = (r["metric_time__month"][:10], r["survey_response__region"])
            assert math.isclose(float(r["relationship_nps"]), mart[key], abs_tol=1e-6), key
            checked += 1
    assert checked == len(mart)
