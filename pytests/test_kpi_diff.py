"""`cxm diff --base <ref>`: a definition change, built at base and HEAD on the same data, reported."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cxm.kpi_diff import format_report, run_diff, write_csv

from .conftest import REPO, Warehouse


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.integration
def test_diff_reports_the_figures_a_definition_change_moves(warehouse: Warehouse, tmp_path: Path) -> None:
    """Promoters become 10s only (macros/kpis/nps.sql): NPS and eNPS fall, answers do not move,
    CSAT (same fact table, other questions) is rebuilt and unchanged, churn is not touched."""
    clone = tmp_path / "repo"
    _git(REPO, "clone", "--quiet", "--shared", str(REPO), str(clone))
    _git(clone, "checkout", "--quiet", _git(REPO, "rev-parse", "HEAD").strip())
    macro = clone / "macros/kpis/nps.sql"
    text = macro.read_text()
    old = ">= {{ var('cx_nps_promoter_min') }} then 'promoter'"
    assert old in text
    macro.write_text(text.replace(old, ">= {{ var('cx_nps_promoter_min') + 1 }} then 'promoter'"))
    _git(clone, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "NPS: 10s only")

    report = run_diff(clone, "HEAD~1", warehouse.db_path, tmp_path / "work", progress=lambda _: None)
    assert "nps" in report.kpis and "enps" in report.kpis and "churn" not in report.kpis
    assert report.marts["kpi_nps_monthly"]["rows_moved"] > 0
    assert report.marts["kpi_csat_monthly"]["rows_moved"] == 0
    nps = [m for m in report.moved if m.mart == "kpi_nps_monthly"]
    assert {m.column for m in nps} >= {"nps"}
    assert "answers" not in {m.column for m in nps}
    moved_nps = [m for m in nps if m.column == "nps"]
    assert moved_nps and all(m.change is not None and m.change < 0 for m in moved_nps)
    # per month and segment: every segment of the segmentation moves somewhere
    assert len({(m.key.get("segment_name"), m.key.get("segment_value")) for m in moved_nps}) > 5
    out = tmp_path / "diff.csv"
    write_csv(report, out)
    assert len(out.read_text().splitlines()) == len(report.moved) + 1
    assert "kpi_nps_monthly" in format_report(report)


def test_diff_at_head_changes_nothing(tmp_path: Path) -> None:
    """No definition changed between HEAD and HEAD: nothing is built, nothing moved."""
    report = run_diff(REPO, "HEAD", tmp_path / "unused.duckdb", tmp_path / "work", progress=lambda _: None)
    assert report.changed_files == [] and report.kpis == [] and report.moved == []
    past = run_diff(
        REPO, "HEAD~1", tmp_path / "unused.duckdb", tmp_path / "w2", lambda _: None, head="HEAD~1"
    )
    assert past.base == past.head and past.changed_files == [] and past.moved == []
