"""The dashboards (dashboards/, Streamlit) in a real browser, against the test warehouse.

A Streamlit server is started on a free localhost port over the session `warehouse`; headless
Chromium opens the overview, every exposure's page (its `url` in models/marts/_exposures.yml)
and every KPI family page, and asserts: no console or page errors, no off-machine request,
every chart drawn, no error box, and the headline figures equal to the mart's value for the
month and segment their labels name. A screenshot of each page goes to <target>/dashboards/.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import duckdb
import pandas as pd
import pytest
import yaml

from pytests.browser import browser, open_page  # noqa: F401
from pytests.conftest import BIN, REPO, Warehouse

sys.path.insert(0, str(REPO / "dashboards"))
from cxdash.health import _status
from cxdash.kpis import FAMILIES, fmt, latest
from cxdash.warehouse import MONTH_COLUMNS, PARTITION_COLUMNS

EXPOSURE_URLS = {
    e["name"]: e["url"]
    for e in yaml.safe_load((REPO / "models/marts/_exposures.yml").read_text(encoding="utf-8"))["exposures"]
}
EXPOSURE_PAGES = {name: parse_qs(urlsplit(url).query)["page"][0] for name, url in EXPOSURE_URLS.items()}
FAMILY_PAGES = [f"kpi-{f.key}" for f in FAMILIES]
# Charts each exposure page draws at least (the KPI family pages draw one per headline figure).
MIN_CHARTS = {
    "cx-scorecard": 2,
    "support-operations": 3,
    "voice-of-customer": 5,
    "text-sentiment": 2,
    "data-health": 2,
}
# Headline label -> (mart, value column, partition value, factor from the mart's value to the shown one).
ORACLE: dict[str, tuple[str, str, str | None, float]] = {
    "Relationship NPS": ("kpi_nps_monthly", "nps", "relationship", 1.0),
    "Transactional NPS": ("kpi_nps_monthly", "nps", "transactional", 1.0),
    "CSAT top-box share": ("kpi_csat_monthly", "csat_top_box_share", None, 100.0),
    "CES easy share": ("kpi_ces_monthly", "ces_easy_share", None, 100.0),
    "Churn rate": ("kpi_churn_monthly", "churn_rate", None, 100.0),
    "Renewal rate": ("kpi_renewal_monthly", "renewal_rate", None, 100.0),
    "Referral rate": ("kpi_referral_monthly", "referral_rate", None, 100.0),
    "Historical CLV (mean, by acquisition cohort)": ("kpi_clv_by_cohort", "historical_clv_mean", None, 1.0),
    "First contact resolution": ("kpi_fcr_monthly", "fcr_rate", None, 100.0),
    "First response time (median)": (
        "kpi_first_response_time_monthly",
        "first_response_median_seconds",
        None,
        1 / 3600,
    ),
    "Resolution time (median)": ("kpi_resolution_time_monthly", "resolution_median_seconds", None, 1 / 3600),
    "Survey response rate": ("kpi_survey_response_rate_monthly", "response_rate", None, 100.0),
    "Closed-loop follow-up rate": ("kpi_closed_loop_monthly", "closed_loop_rate", None, 100.0),
    "Negative feedback share": ("kpi_feedback_monthly", "tone_negative_share", None, 100.0),
    "Sentiment of open text (mean polarity)": ("kpi_sentiment_monthly", "sentiment_score_mean", None, 1.0),
    "Checkout completion": ("kpi_journey_completion_monthly", "completion_rate", "checkout", 100.0),
    "Return request completion": ("kpi_journey_completion_monthly", "completion_rate", "return_request", 100),
    "Account sign-up completion": (
        "kpi_journey_completion_monthly",
        "completion_rate",
        "account_signup",
        100,
    ),
    "eNPS": ("kpi_enps_monthly", "enps", None, 1.0),
}
HEADLINE = re.compile(r"^(?P<kpi>.+) · (?P<month>\d{4}-\d{2}) · (?P<segment>[^=]+)=(?P<value>.+)$")
NUMBER = re.compile(r"^(?P<number>[+-]?[\d,]+(?:\.(?P<decimals>\d+))?)(?P<suffix>%| h)?$")
# The footer states what the page drew; parts of a Streamlit page (Vega charts, columns) render
# after the footer, so the test waits until the browser shows that many drawn charts and figures.
DECLARED = re.compile(r"This page: (?P<charts>\d+) charts, (?P<figures>\d+) figures\.")
PAGE_COMPLETE = """([charts, figures]) => {
  const drawn = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  const shown = document.querySelectorAll('[data-testid="stMetricValue"]').length;
  const drawnOk = c => [...c.querySelectorAll('canvas, svg.marks')].some(el => {
    const r = el.getBoundingClientRect(); return r.width > 10 && r.height > 10; });
  return drawn.length === charts && shown === figures && drawn.every(drawnOk);
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def dashboards(warehouse: Warehouse) -> Iterator[str]:
    """`streamlit run dashboards/app.py` on a free port, reading the test warehouse."""
    port = _free_port()
    log = warehouse.root / "streamlit.log"
    args = [str(BIN / "streamlit"), "run", "app.py", "--server.port", str(port)]
    args += ["--server.fileWatcherType", "none"]
    with log.open("w") as out:
        proc = subprocess.Popen(args, cwd=REPO / "dashboards", env=warehouse.env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield f"http://localhost:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _visit(opener: Any, base: str, page_key: str) -> tuple[Any, int]:
    """Open a page and wait until every chart and figure its footer declares is drawn."""
    visit = opener(f"{base}/?page={page_key}", wait_for=".st-key-page-end, [data-testid='stException']")
    _assert_clean(visit)
    charts = _wait_complete(visit.page)
    return visit, charts


def _wait_complete(page: Any) -> int:
    declared = DECLARED.search(page.locator(".st-key-page-end").inner_text())
    assert declared is not None, page.locator(".st-key-page-end").inner_text()
    charts, figures = int(declared["charts"]), int(declared["figures"])
    page.wait_for_function(PAGE_COMPLETE, arg=[charts, figures], timeout=30_000)
    return charts


def _assert_clean(visit: Any) -> None:
    page = visit.page
    assert visit.problems == [], visit.problems
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).all_inner_texts()
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def _screenshot(visit: Any, warehouse: Warehouse, name: str) -> None:
    out = warehouse.target_path / "dashboards" / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    visit.page.set_viewport_size({"width": 1400, "height": 2600})
    visit.page.wait_for_timeout(300)
    visit.page.screenshot(path=str(out))
    assert out.stat().st_size > 10_000


def _metrics(page: Any) -> dict[str, str]:
    """Label -> shown value of every st.metric on the page."""
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert len(labels) == len(values)
    return {label.strip(): value.strip() for label, value in zip(labels, values, strict=True)}


def _mart_value(db: Path, kpi: str, month: str, segment_name: str, segment_value: str) -> float:
    mart, column, partition, factor = ORACLE[kpi]
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = {r[0] for r in con.execute(f"describe marts.{mart}").fetchall()}
        month_col = next(c for c in MONTH_COLUMNS if c in cols)
        where = f"strftime({month_col}, '%Y-%m') = ? and segment_name = ? and segment_value = ?"
        params: list[Any] = [month, segment_name, segment_value]
        if partition is not None:
            where += f" and {next(c for c in PARTITION_COLUMNS if c in cols)} = ?"
            params.append(partition)
        rows = con.execute(f"select {column} from marts.{mart} where {where}", params).fetchall()
    finally:
        con.close()
    assert len(rows) == 1, (kpi, month, segment_name, segment_value, rows)
    return float(rows[0][0]) * factor


def _check_headlines(page: Any, db: Path) -> int:
    """Every headline figure equals its mart's value (to the shown precision); returns how many."""
    checked = 0
    for label, shown in _metrics(page).items():
        match = HEADLINE.match(label)
        if match is None:
            continue
        assert match["kpi"] in ORACLE, f"no oracle for headline {label!r}"
        number = NUMBER.match(shown)
        assert number is not None, (label, shown)
        value = float(number["number"].replace(",", ""))
        tolerance = 0.5 * 10 ** -len(number["decimals"] or "") + 1e-9
        expected = _mart_value(db, match["kpi"], match["month"], match["segment"], match["value"])
        assert abs(value - expected) <= tolerance, (label, shown, expected)
        checked += 1
    return checked


@pytest.mark.integration
@pytest.mark.parametrize("exposure", sorted(EXPOSURE_PAGES))
def test_exposure_page_renders_and_matches_marts(
    exposure: str,
    dashboards: str,
    open_page: Any,  # noqa: F811
    warehouse: Warehouse,
) -> None:
    key = EXPOSURE_PAGES[exposure]
    assert urlsplit(EXPOSURE_URLS[exposure]).netloc == "localhost:8501", (
        "exposures point at `make dashboards`"
    )
    visit, charts = _visit(open_page, dashboards, key)
    _assert_clean(visit)
    page = visit.page
    assert charts >= MIN_CHARTS[key]
    checked = _check_headlines(page, warehouse.db_path)
    metrics = _metrics(page)
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        if key == "data-health":
            rejected = con.execute("select count(*) from marts.rejected_rows").fetchone()[0]
            assert metrics["Rejected rows · all sources"] == f"{rejected:,}"
            checked += 1
        if key == "voice-of-customer":
            waiting = con.execute("select count(*) from marts.worklist_feedback_escalations").fetchone()[0]
            assert metrics["Escalations waiting"] == f"{waiting:,}"
    finally:
        con.close()
    assert checked >= 1, f"no figure on {key} was compared with its mart: {metrics}"
    _screenshot(visit, warehouse, key)


@pytest.mark.integration
@pytest.mark.parametrize("page_key", FAMILY_PAGES)
def test_kpi_family_page_draws_each_kpi_trend_and_matches_marts(
    page_key: str,
    dashboards: str,
    open_page: Any,  # noqa: F811
    warehouse: Warehouse,
) -> None:
    visit, charts = _visit(open_page, dashboards, page_key)
    _assert_clean(visit)
    headlines = _check_headlines(visit.page, warehouse.db_path)
    family = next(f for f in FAMILIES if f"kpi-{f.key}" == page_key)
    assert headlines == charts == len(family.kpis), "one headline figure and one trend per KPI"
    _screenshot(visit, warehouse, page_key)


@pytest.mark.integration
def test_segment_picker_switches_the_figures_to_the_segment(
    dashboards: str,
    open_page: Any,  # noqa: F811
    warehouse: Warehouse,
) -> None:
    visit, _ = _visit(open_page, dashboards, "kpi-nps")
    page = visit.page
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="region", exact=True).click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetricLabel\"]')]"
        ".some(e => e.innerText.includes('region='))",
        timeout=30_000,
    )
    _wait_complete(page)
    assert any("· region=" in label for label in _metrics(page))
    assert _check_headlines(page, warehouse.db_path) >= 1
    _assert_clean(visit)


@pytest.mark.integration
def test_overview_links_every_exposure_and_family_page(
    dashboards: str,
    open_page: Any,  # noqa: F811
    warehouse: Warehouse,
) -> None:
    visit, _ = _visit(open_page, dashboards, "home")
    _assert_clean(visit)
    hrefs = visit.page.locator("a[href*='?page=']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    linked = {parse_qs(urlsplit(h).query)["page"][0] for h in hrefs}
    assert set(EXPOSURE_PAGES.values()) | set(FAMILY_PAGES) <= linked
    _screenshot(visit, warehouse, "home")


def test_streamlit_settings_keep_everything_on_the_machine() -> None:
    """No usage statistics; a fixed local address (else Streamlit looks up the public IP)."""
    config = tomllib.loads((REPO / "dashboards/.streamlit/config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["serverAddress"] == "localhost"
    assert config["server"]["headless"] is True


def test_display_units_latest_month_and_freshness_status() -> None:
    """The pure helpers behind the figures: units, the latest month, freshness status."""
    assert fmt(0.6925, "share") == "69.2%"
    assert fmt(-0.108, "share", signed=True) == "-10.8 pp"
    assert fmt(3024, "seconds") == "0.84 h"
    assert fmt(14.81, "points", signed=True) == "+14.8"
    assert fmt(None, "points") == "n/a"
    months = pd.to_datetime(["2026-09-01", "2026-10-01", "2026-11-01"])
    df = pd.DataFrame(
        {"kpi_month": months, "value": [0.1, 0.2, 0.3], "is_month_complete": [True, True, False]}
    )
    assert latest(df)["kpi_month"] == pd.Timestamp("2026-10-01")
    df["is_month_complete"] = None
    assert latest(df)["kpi_month"] == pd.Timestamp("2026-11-01")
    df["value"] = [0.1, None, None]
    assert latest(df)["kpi_month"] == pd.Timestamp("2026-09-01")
    rule = {"warn after (h)": 48.0, "error after (h)": 168.0}
    assert _status({**rule, "age (h)": 47.0}) == "pass"
    assert _status({**rule, "age (h)": 49.0}) == "warn"
    assert _status({**rule, "age (h)": 169.0}) == "error"
    assert _status({**rule, "age (h)": None}) == "error"
