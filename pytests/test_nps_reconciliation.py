"""The NPS mart BI tools read equals the semantic layer's NPS, month by month, segment by segment."""

from __future__ import annotations

import csv
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from cxm.semantic import SemanticLayer

from .conftest import REPO, ProjectCopy, Warehouse

SEGMENTS = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]["cx_nps_segments"]
PROGRAMS = {"relationship": "relationship_nps", "transactional": "transactional_nps"}


@pytest.fixture(scope="module")
def semantic_layer(warehouse: Warehouse) -> Iterator[SemanticLayer]:
    sl = SemanticLayer(warehouse.target_path / "semantic_manifest.json", warehouse.db_path)
    yield sl
    sl.close()


def _mart(warehouse: Warehouse, program: str, segment: str) -> dict[tuple[str, str], float]:
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        rows = con.execute(
            """select nps_month, segment_value, nps from marts.kpi_nps_monthly
               where nps_program = ? and segment_name = ? and answers > 0""",
            [program, segment],
        ).fetchall()
    finally:
        con.close()
    return {(str(m), str(v)): float(n) for m, v, n in rows}


@pytest.mark.integration
@pytest.mark.parametrize("program", sorted(PROGRAMS))
@pytest.mark.parametrize("segment", ["all", *SEGMENTS])
def test_mart_equals_semantic_layer(
    warehouse: Warehouse, semantic_layer: SemanticLayer, program: str, segment: str
) -> None:
    metric = PROGRAMS[program]
    group_by = ["metric_time__month"] + ([] if segment == "all" else [f"survey_response__{segment}"])
    rows = semantic_layer.query([metric], group_by)
    from_sl = {
        (
            str(r["metric_time__month"].date()),
            "all" if segment == "all" else str(r[f"survey_response__{segment}"]),
        ): float(r[metric])
        for r in rows
        if r[metric] is not None
    }
    from_mart = _mart(warehouse, program, segment)
    assert from_mart, "the mart must have rows to compare"
    assert set(from_mart) == set(from_sl), (
        f"cells only in mart: {sorted(set(from_mart) - set(from_sl))[:5]}, "
        f"only in semantic layer: {sorted(set(from_sl) - set(from_mart))[:5]}"
    )
    for key, value in from_mart.items():
        assert math.isclose(value, from_sl[key], abs_tol=1e-9), (key, value, from_sl[key])


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
    mart = _mart(warehouse, "relationship", "region")
    checked = 0
    for r in rows:
        if r["relationship_nps"]:
            key = (r["metric_time__month"][:10], r["survey_response__region"])
            assert math.isclose(float(r["relationship_nps"]), mart[key], abs_tol=1e-6), key
            checked += 1
    assert checked == len(mart)
