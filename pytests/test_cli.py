"""The `cxm` command line: clear errors, not stack traces."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxm.cli import main


def test_load_without_generated_data_names_the_missing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["load", "--data-dir", str(tmp_path / "nothing"), "--database", str(tmp_path / "w.duckdb")])
    assert code == 2
    err = capsys.readouterr().err
    assert "raw data missing" in err and "crm/customers.parquet" in err


def test_summary_without_a_warehouse_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["summary", "--database", str(tmp_path / "none.duckdb")])
    assert code == 2
    assert "run `make demo`" in capsys.readouterr().err


def test_generate_then_load_reports_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--scale", "0.05", "--as-of", "2026-01-31", "--out", str(tmp_path / "raw")]) == 0
    assert main(["load", "--data-dir", str(tmp_path / "raw"), "--database", str(tmp_path / "w.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "crm.customers" in out and "raw rows in 17 tables" in out
