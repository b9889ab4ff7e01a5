"""The metric catalogue: one entry per KPI, targets per metric and segment, the build's test statuses."""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from cxm.catalog import build_catalog
from cxm.catalog_mart import mart_columns, month_column, resolve, rewrite_filter
from cxm.catalog_quality import read_results
from cxm.quality import run_quality
from pytests.browser import browser, open_page  # noqa: F401

from .conftest import BIN, REPO, Warehouse, dbt_env


@pytest.fixture(scope="module")
def quality_dir(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Great Expectations results of `cxm quality` on a copy of the warehouse."""
    root = tmp_path_factory.mktemp("quality")
    db = root / "copy.duckdb"
    shutil.copy(warehouse.db_path, db)
    run_quality(db, root / "dq")
    return root / "dq"


@pytest.fixture(scope="module")
def catalog(warehouse: Warehouse, quality_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog")
    return build_catalog(warehouse.target_path, REPO, out, warehouse.db_path, quality_dir=quality_dir)


def _section(page: str, metric: str) -> str:
    m = re.search(rf'<section class="metric" id="metric-{metric}".*?</section>', page, re.S)
    assert m, f"no section for metric {metric}"
    return m.group(0)


def _test_row(page: str, test_name: str) -> str:
    m = re.search(rf'<tr class="test" data-test="{re.escape(test_name)}">.*?</tr>', page, re.S)
    assert m, f"no row for test {test_name}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(0))).strip()


def _kpis() -> dict[str, list[str]]:
    """KPI name (meta kpi) -> its mart names, from the YAML files."""
    import yaml

    by_kpi: dict[str, list[str]] = {}
    for path in (REPO / "models/marts/kpis").glob("*/*.yml"):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            kpi = ((model.get("config") or {}).get("meta") or {}).get("kpi", model["name"])
            by_kpi.setdefault(kpi, []).append(model["name"])
    return by_kpi


@pytest.mark.integration
def test_one_entry_per_kpi_and_every_mart_on_its_page(catalog: Path) -> None:
    index = catalog.read_text()
    listed = re.findall(r'<tr class="kpi" data-kpi="([^"]+)">', index)
    kpis = _kpis()
    assert sorted(listed) == sorted(kpis), "every KPI exactly once on the index"
    assert len(listed) == len(set(listed))
    assert listed.count("journey_completion") == 1
    for kpi, marts in kpis.items():
        page = (catalog.parent / f"{kpi}.html").read_text()
        assert 'href="index.html"' in page, "every page links back to the index"
        assert f'href="{kpi}.html"' in index
        for mart in marts:
            assert f'id="mart-{mart}"' in page
    nps = (catalog.parent / "nps.html").read_text()
    for needle in (
        "relationship_nps",
        "relationship_nps_promoter_share - relationship_nps_detractor_share",
        "cx-insights@example.com",
        "kpi_nps_monthly_counts_bands_and_fills_empty_months",
        "NPS bands: promoters 9-10",
        "from ",
    ):
        assert html.escape(needle, quote=False) in nps, needle
    tests = re.search(r"Tests that guard it \((\d+)\)", nps)
    assert tests and int(tests.group(1)) > 20


@pytest.mark.integration
def test_every_metric_with_a_target_row_shows_it(catalog: Path) -> None:
    with (REPO / "seeds/kpi_targets.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    pages = {p.name: p.read_text() for p in catalog.parent.glob("*.html") if p.name != "index.html"}
    assert rows
    for row in rows:
        sections = [_section(p, row["kpi"]) for p in pages.values() if f'id="metric-{row["kpi"]}"' in p]
        assert sections, f"metric {row['kpi']} of the targets seed is on no page"
        for section in sections:
            assert "No target set" not in section, row["kpi"]
            cells = (
                f"<td>{row['segment_name']}</td><td>{row['segment_value']}</td>"
                f"<td>{row['lower_bound']}</td><td>{row['upper_bound']}</td>"
            )
            assert cells in section, (row, section[:2000])
    # NPS per programme: each programme's metric carries its own range, not the other's
    nps = pages["nps.html"]
    assert "<td>20</td><td>35</td>" in _section(nps, "relationship_nps")
    assert "<td>-20</td><td>10</td>" in _section(nps, "transactional_nps")
    assert "<td>20</td><td>35</td>" not in _section(nps, "transactional_nps")


@pytest.mark.integration
def test_statuses_are_the_builds_own(warehouse: Warehouse, catalog: Path) -> None:
    """Unit tests passed in the build show pass; warnings show with their failing-row counts."""
    import json

    results = json.loads((warehouse.target_path / "run_results.json").read_text())["results"]
    nps = (catalog.parent / "nps.html").read_text()
    unit = [t for t in re.findall(r'data-test="(kpi_nps_monthly_[^"]+)"', nps)]
    assert len(unit) >= 4
    for name in unit:
        assert _test_row(nps, name).endswith("unit_test pass"), _test_row(nps, name)
    warned = [r for r in results if r["status"] == "warn"]
    pages = "".join(p.read_text() for p in catalog.parent.glob("*.html"))
    for r in warned:
        name = r["unique_id"].split(".")[2]
        if f'data-test="{name}"' in pages:
            m = re.search(rf'data-test="{re.escape(name)}">.*?</tr>', pages, re.S)
            assert m and "status-warn" in m.group(0) and f"<td>{r['failures']}</td>" in m.group(0)


@pytest.mark.integration
def test_a_test_made_to_fail_shows_fail(warehouse: Warehouse, tmp_path: Path) -> None:
    """A duplicate row in the NPS mart makes its key test fail; the catalogue says so, with the count."""
    root = tmp_path / "broken"
    root.mkdir()
    db = root / "cx_metrics.duckdb"
    shutil.copy(warehouse.db_path, db)
    con = duckdb.connect(str(db))
    schema = con.execute(
        "select table_schema from information_schema.tables where table_name = 'kpi_nps_monthly'"
    ).fetchone()[0]
    con.execute(f"insert into {schema}.kpi_nps_monthly select * from {schema}.kpi_nps_monthly limit 2")
    con.close()
    env = dbt_env(root)
    proc = warehouse.run(
        str(BIN / "dbt"), "test", "--select", "kpi_nps_monthly,test_type:data", check=False, env=env
    )
    assert proc.returncode != 0, proc.stdout[-3000:]
    index = build_catalog(root / "target", REPO, root / "catalog", db)
    nps = (index.parent / "nps.html").read_text()
    key_test = next(
        n for n in re.findall(r'data-test="([^"]+)"', nps) if n.startswith("cx_unique_combination_kpi_nps")
    )
    row = _test_row(nps, key_test)
    assert row.endswith("test fail 2"), row
    assert re.search(
        r'data-kpi="nps">.*?status-fail">\d+ of \d+ fail \(\d+ failing rows\)', index.read_text(), re.S
    )


def test_month_and_partition_columns_resolved_under_both_names() -> None:
    old = ["nps_month", "nps_program", "nps"]
    new = ["kpi_month", "kpi_partition", "nps"]
    assert resolve(old, "kpi_month") == "nps_month" and resolve(new, "kpi_month") == "kpi_month"
    assert month_column(new, "nps_month") == "kpi_month"
    assert month_column(old, "kpi_month") == "nps_month"
    assert month_column(["cohort_month"], "cohort_month") == "cohort_month"
    assert rewrite_filter("nps_program = 'relationship'", new) == "kpi_partition = 'relationship'"
    assert rewrite_filter("kpi_partition = 'relationship'", old) == "nps_program = 'relationship'"
    assert rewrite_filter("journey = 'checkout' and is_last_step", ["journey"]) == (
        "journey = 'checkout' AND is_last_step"
    )


def _lineage_rows(page: str) -> dict[str, str]:
    """raw relation.column -> the text of its lineage row."""
    rows = re.findall(r'<tr class="lineage" data-column="([^"]+)">(.*?)</tr>', page, re.S)
    return {key: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)) for key, body in rows}


@pytest.mark.integration
def test_nps_lineage_names_the_raw_columns_that_feed_it_and_nothing_else(catalog: Path) -> None:
    rows = _lineage_rows((catalog.parent / "nps.html").read_text())
    # the survey answer's score and question feed the NPS value; its submission time the month
    for rel in ("raw_surveys.responses", "raw_survey_export.responses"):
        for col in ("score", "question_id"):
            assert "kpi_nps_monthly.nps " in rows[f"{rel}.{col}"] + " ", (rel, col, rows.get(f"{rel}.{col}"))
    month = re.compile(r"kpi_nps_monthly\.(kpi_month|nps_month)\b")  # either name (issue 17 renames it)
    assert month.search(rows["raw_surveys.responses.submitted_at"])
    assert month.search(rows["raw_survey_export.responses.responded_at_utc"])
    # what the segments read (var cx_nps_segments): customer attributes and the invitation's
    for col in ("region", "language", "value_tier", "acquisition_channel"):
        assert "kpi_nps_monthly.segment_value" in rows[f"raw_crm.customers.{col}"]
    for col in ("touchpoint", "channel"):
        assert "kpi_nps_monthly.segment_value" in rows[f"raw_surveys.invitations.{col}"]
    # nothing that does not feed the figure: no personal fields, no orders, payments, deliveries
    names = {k.rsplit(".", 1)[1] for k in rows}
    assert not names & {"full_name", "email", "phone"}, names
    relations = {k.rsplit(".", 1)[0] for k in rows}
    assert relations <= {
        "raw_surveys.responses",
        "raw_survey_export.responses",
        "raw_surveys.invitations",
        "raw_crm.customers",
    }, relations
    # a PII-tagged column that does decide rows (a text over the length limit is rejected) is marked
    assert "PII" in rows["raw_surveys.responses.comment"]


def _mart_latest_relationship_nps(db: Path) -> tuple[str, float]:
    """The mart's own latest relationship NPS of the `all` segment (either column spelling)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        schema = con.execute(
            "select table_schema from information_schema.tables where table_name = 'kpi_nps_monthly'"
        ).fetchone()[0]
        cols = mart_columns(con, schema, "kpi_nps_monthly")
        month, program = resolve(cols, "kpi_month"), resolve(cols, "kpi_partition")
        row = con.execute(
            f"select cast({month} as varchar), nps from {schema}.kpi_nps_monthly where segment_name = 'all'"
            f" and {program} = 'relationship' and nps is not null order by {month} desc limit 1"
        ).fetchone()
    finally:
        con.close()
    return str(row[0])[:10], float(row[1])


def _series(db: Path) -> list[dict[str, object]]:
    from cxm.catalog_mart import read_series

    con = duckdb.connect(str(db), read_only=True)
    try:
        schema = con.execute(
            "select table_schema from information_schema.tables where table_name = 'kpi_nps_monthly'"
        ).fetchone()[0]
        recon = {
            "value_column": "nps",
            "time_column": "kpi_month",
            "mart_filter": "kpi_partition = 'relationship'",
        }
        return read_series(con, schema, "kpi_nps_monthly", recon)
    finally:
        con.close()


@pytest.mark.integration
def test_catalogue_in_headless_chromium(warehouse: Warehouse, catalog: Path, open_page) -> None:  # noqa: F811
    """Index and NPS page load offline with no console error; the chart is drawn; the latest value
    on the page is the mart's."""
    month, value = _mart_latest_relationship_nps(warehouse.db_path)
    index = open_page(catalog.as_uri(), wait_for="table#kpis")
    assert index.problems == [], index.problems
    row = index.page.locator('tr[data-kpi="nps"]')
    assert abs(float(row.locator(".latest-value").inner_text().replace(",", "")) - value) < 1e-3
    row.locator("a").click()
    index.page.wait_for_selector("#chart-relationship_nps svg")
    assert index.page.url.endswith("/nps.html")

    nps = open_page((catalog.parent / "nps.html").as_uri(), wait_for="#chart-relationship_nps svg")
    assert nps.problems == [], nps.problems
    svg = nps.page.locator("#chart-relationship_nps svg")
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    assert svg.locator("path").count() > 5, "the chart has drawn marks (line, interval, band, points)"
    if any(r["is_small_sample"] for r in _series(warehouse.db_path)):
        assert "small sample" in svg.inner_html(), "small-sample months are marked"
    section = nps.page.locator("#metric-relationship_nps")
    assert section.locator(".latest-month").inner_text() == month
    shown = float(section.locator(".latest-value").inner_text().replace(",", ""))
    assert abs(shown - value) < 1e-3, (shown, value)
    nps.page.locator('nav a[href="index.html"]').click()
    nps.page.wait_for_selector("table#kpis")

    quality = open_page((catalog.parent / "quality.html").as_uri(), wait_for="#quality-summary")
    assert quality.problems == [], quality.problems
    assert quality.page.locator("tr.suite").count() > 20


@pytest.mark.integration
def test_nps_history_lists_the_commits_that_changed_its_definition(catalog: Path) -> None:
    page = (catalog.parent / "nps.html").read_text()
    listed = set(re.findall(r'<tr class="commit"><td>[^<]*</td><td><code>([0-9a-f]{10})</code>', page))
    touched = subprocess.run(
        [
            "git",
            "-C",
            str(REPO),
            "log",
            "--no-merges",
            "--format=%h",
            "--abbrev=10",
            "--",
            "models/marts/kpis/nps",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert touched and set(touched) <= listed, set(touched) - listed
    log = subprocess.run(
        ["git", "-C", str(REPO), "log", "--no-merges", "--format=@%h", "--abbrev=10", "--name-only"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    outside = {
        block.split()[0]
        for block in log.split("@")[1:]
        if not any(f.startswith(("models/", "macros/", "seeds/")) for f in block.split()[1:])
    }
    assert outside and not outside & listed, "commits that touched no model, macro or seed are not listed"
    assert re.search(
        r'<a href="#decision-(nps-bands|relationship-vs-transactional-nps|nps-uncertainty)">', page
    )


@pytest.mark.integration
def test_data_quality_results_readable_offline(catalog: Path, quality_dir: Path) -> None:
    """Every GX suite is summarised on the quality page; the NPS page shows its mart's and raw tables'."""
    suites = read_results(quality_dir)
    assert len(suites) > 20
    page = (catalog.parent / "quality.html").read_text()
    listed = re.findall(r'<tr class="suite" data-suite="([^"]+)">', page)
    assert sorted(listed) == [s["suite"] for s in suites]
    assert f"{len(suites)} suites" in page
    assert "<script" not in page and "<link" not in page, "nothing loaded from anywhere"
    nps = set(re.findall(r'data-suite="([^"]+)"', (catalog.parent / "nps.html").read_text()))
    assert {"mart.kpi_nps_monthly", "raw.surveys.responses"} <= nps
    assert not any(s.startswith(("raw.shop.", "raw.helpdesk.", "mart.kpi_csat")) for s in nps), nps


def test_markdown_is_rendered_and_data_is_escaped() -> None:
    from cxm.catalog_pages import _environment, markdown

    html_out = str(markdown("NPS **bands** <script>alert(1)</script> [log](DECISIONLOG.md#nps-bands)"))
    assert "<strong>bands</strong>" in html_out and "<script>" not in html_out
    assert "&lt;script&gt;" in html_out and 'href="DECISIONLOG.md#nps-bands"' in html_out
    env = _environment()
    assert env.autoescape
    page = env.from_string("<p>{{ v }}</p>").render(v="<img src=x onerror=alert(1)>")
    assert page == "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
