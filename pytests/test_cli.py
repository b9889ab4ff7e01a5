"""The `cxm` command line: clear errors, not stack traces."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from cxm.cli import main

from .conftest import BIN, REPO, Warehouse


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


def test_dbt_finds_the_profile_from_a_new_shell(tmp_path: Path) -> None:
    """README's next steps work outside make: profiles.yml sits where dbt (and mf) look."""
    env = {k: v for k, v in os.environ.items() if k not in ("DBT_PROFILES_DIR", "DBT_PROJECT_DIR")}
    env.update({"DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")})
    proc = subprocess.run(
        [str(BIN / "dbt"), "ls", "--select", "kpi_nps_monthly", "--quiet"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "kpi_nps_monthly" in proc.stdout


def test_query_answers_from_the_semantic_layer(
    warehouse: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    relationship = "{{ Dimension('survey_response__nps_program') }} = 'relationship'"
    args = ["--database", str(warehouse.db_path), "--target-path", str(warehouse.target_path)]
    code = main(
        [
            "query",
            "--metrics",
            "relationship_nps,nps_answers",
            "--where",
            relationship,
            "--limit",
            "500",
            *args,
        ]
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["relationship_nps", "nps_answers"]
    nps, answers = (float(x) for x in lines[2].split())
    # the README's example: with the filter, nps_answers counts the answers relationship_nps is made of
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        expected = con.execute(
            "select count(*) from marts.fct_survey_responses where nps_program = 'relationship'"
        ).fetchone()
    finally:
        con.close()
    assert expected is not None and answers == expected[0] > 0
    assert -100 <= nps <= 100


def test_query_of_an_unknown_metric_is_a_clear_error(
    warehouse: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--database", str(warehouse.db_path), "--target-path", str(warehouse.target_path)]
    assert main(["query", "--metrics", "no_such_metric", *args]) == 2
    assert "query failed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate", "--scale", "-1"], "argument --scale: must be greater than 0"),
        (["generate", "--as-of", "2026-13-01"], "argument --as-of: not a date (YYYY-MM-DD)"),
        (["bench", "--scales", "1,x"], "argument --scales: not a number"),
    ],
)
def test_bad_arguments_are_usage_errors_before_anything_is_written(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "raw"
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--data-dir", str(out)] if args[0] == "generate" else args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_make_demo_with_a_negative_scale_writes_nothing(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(BIN / "cxm"), "generate", "--scale", "-1", "--out", str(tmp_path / "raw")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "must be greater than 0" in proc.stderr
    assert not (tmp_path / "raw").exists()


def test_quality_without_a_warehouse_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["quality", "--database", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "dq")])
    assert code == 2
    assert "no warehouse at" in capsys.readouterr().err
    assert not (tmp_path / "dq").exists()


def test_version_and_defaults_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("cxm ")
    with pytest.raises(SystemExit):
        main(["generate", "--help"])
    assert "(default: 42)" in capsys.readouterr().out


def test_summary_prints_nps_by_month_and_segment(
    warehouse: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", "--database", str(warehouse.db_path), "--months", "3"]) == 0
    out = capsys.readouterr().out
    assert "NPS by month (last 3 months" in out and "relationship" in out
    assert "Relationship NPS in" in out and "region" in out
