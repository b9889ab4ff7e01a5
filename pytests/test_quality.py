"""Great Expectations suites: pass on good data, fail loudly on schema drift and bad marts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cxm.cli import main
from cxm.quality import run_quality

from .conftest import Warehouse


@pytest.mark.integration
def test_suites_pass_on_the_built_warehouse_and_write_data_docs(warehouse: Warehouse, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(warehouse.db_path, db)
    report = run_quality(db, tmp_path / "dq")
    assert report.success, [s for s in report.suites if not s.success]
    assert report.expectations >= 60
    assert report.docs_index and Path(report.docs_index.removeprefix("file://")).exists()


@pytest.mark.integration
def test_schema_drift_volume_drop_and_out_of_range_marts_fail(
    warehouse: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(warehouse.db_path, db)
    assert run_quality(db, tmp_path / "dq").success  # records the volume history
    con = duckdb.connect(str(db))
    con.execute("alter table raw_surveys.followups drop column action")
    con.execute("delete from raw_shop.returns where id % 4 != 0")
    con.execute("update marts.kpi_nps_monthly set nps = 150 where nps is not null and segment_name = 'all'")
    con.close()
    code = main(["quality", "--database", str(db), "--out", str(tmp_path / "dq")])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAILED raw.surveys.followups.schema: expect_table_columns_to_match_set" in out
    assert "FAILED raw.shop.returns: expect_table_row_count_to_be_between" in out
    assert "FAILED mart.kpi_nps_monthly: expect_column_values_to_be_between(nps)" in out


@pytest.mark.integration
def test_data_docs_show_no_raw_values_and_escape_what_they_show(warehouse: Warehouse, tmp_path: Path) -> None:
    """Markup and personal data in landed values never reach the Data Docs HTML: results carry
    counts and rates, not sampled values, and a landed column's name is escaped."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(warehouse.db_path, db)
    script, image, email = "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "jane.doe@example.com"
    column = "<b onmouseover=alert(3)>x</b>"
    con = duckdb.connect(str(db))
    # an e-mail used as the export's id, on every line: the key check fails
    con.execute("update raw_survey_export.responses set response_key = ?", [email])
    con.execute(
        "update raw_surveys.responses set score = ?, question_id = ? where id % 50 = 0", [script, image]
    )
    con.execute(f'alter table raw_surveys.followups add column "{column}" varchar')
    con.close()
    report = run_quality(db, tmp_path / "dq")
    assert not report.success  # the planted values do fail their expectations
    failed = {s.suite for s in report.suites if not s.success}
    assert {"raw.surveys.responses", "raw.survey_export.responses", "raw.surveys.followups.schema"} <= failed
    pages = list(Path(str(report.docs_index).removeprefix("file://")).parent.rglob("*.html"))
    assert len(pages) > 10
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for raw in (script, image, email, column):
        assert raw not in text, f"{raw} is in the Data Docs HTML"


@pytest.mark.integration
def test_tools_name_the_process_holding_the_warehouse_and_refuse_a_warehouse_without_marts(
    warehouse: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(warehouse.db_path, db)
    # a stand-in for a running `dbt build`: another process holding a write connection
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[2]); print('ready', flush=True); "
            "time.sleep(600)",
            "dbt-build-stand-in",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        for args in (
            ["quality", "--database", str(db), "--out", str(tmp_path / "dq")],
            ["summary", "--database", str(db)],
        ):
            capsys.readouterr()
            assert main(args) == 2
            err = capsys.readouterr().err.strip().splitlines()
            assert len(err) == 1, err
            assert f"is locked by PID {holder.pid}" in err[0] and "dbt-build-stand-in" in err[0], err
    finally:
        holder.kill()
        holder.wait(timeout=60)
    con = duckdb.connect(str(db))
    con.execute("drop schema marts cascade")
    con.close()
    assert main(["quality", "--database", str(db), "--out", str(tmp_path / "dq")]) == 2
    assert "no KPI marts (marts.kpi_*)" in capsys.readouterr().err
