"""The metric catalogue is generated from dbt's artifacts and covers every KPI mart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxm.catalog import build_catalog

from .conftest import REPO, Warehouse


@pytest.mark.integration
def test_catalog_page_for_every_kpi_mart(warehouse: Warehouse, tmp_path: Path) -> None:
    index = build_catalog(warehouse.target_path, REPO, tmp_path / "catalog")
    marts = sorted(p.parent.name for p in (REPO / "models/marts/kpis").glob("*/kpi_*.sql"))
    pages = {p.stem for p in index.parent.glob("kpi_*.html")}
    expected = {p.stem for p in (REPO / "models/marts/kpis").glob("*/kpi_*.sql")}
    assert marts and pages == expected
    nps = (index.parent / "kpi_nps_monthly.html").read_text()
    # definition, formula, owner, lineage to raw columns, tests, decision log, compiled SQL
    for needle in (
        "relationship_nps",
        "relationship_nps_promoter_share - relationship_nps_detractor_share",
        "cx-insights@example.com",
        "raw_surveys.responses",
        "<code>score</code>",
        "kpi_nps_monthly_counts_bands_and_fills_empty_months",
        "NPS bands: promoters 9-10",
        "from ",
    ):
        assert needle in nps, needle
    tests = re.search(r"Tests that guard it \((\d+)\)", nps)
    assert tests and int(tests.group(1)) > 20
