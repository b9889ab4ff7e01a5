"""Great Expectations suites: pass on good data, fail loudly on schema drift and bad marts."""

from __future__ import annotations

import shutil
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
