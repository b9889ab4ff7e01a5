"""Survey exports from other tools load by configuration (a YAML mapping), not code."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from cxm.load import EXPORT_TABLE, LoadError, import_survey_export

from .conftest import REPO, TELECOM_CSV, Warehouse

EXAMPLE_MAPPING = REPO / "config/survey_exports/example_nps_export.yml"
EXAMPLE_CSV = REPO / "config/survey_exports/examples/example_nps_export.csv"


def _count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(f"select count(*) from {EXPORT_TABLE}").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def test_import_is_idempotent_and_keeps_every_line(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = import_survey_export(db, EXAMPLE_MAPPING, EXAMPLE_CSV)
    import_survey_export(db, EXAMPLE_MAPPING, EXAMPLE_CSV)
    assert first == {"lines": 12, "unparsed_times": 1}
    assert _count(db) == 12


def test_times_are_converted_from_the_mapped_zone_to_utc(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    import_survey_export(db, EXAMPLE_MAPPING, EXAMPLE_CSV)
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        f"select responded_at_raw, responded_at_utc from {EXPORT_TABLE} where response_key like '%R-1001'"
    ).fetchone()
    con.close()
    # 01/03/2025 09:15 AM in New York (EST, UTC-5) is 14:15 UTC
    assert row == ("01/03/2025 09:15 AM", "2025-01-03 14:15:00")


def test_mapping_naming_a_missing_column_is_a_clear_error(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        "name: x\ncolumns: {responded_at: When, score: Score}\n"
        "timestamp_format: '%Y-%m-%d'\nconstants: {question_id: nps_0_10, survey_type: t}\n"
    )
    with pytest.raises(LoadError, match=r"lacks column\(s\) \['When', 'Score'\]"):
        import_survey_export(tmp_path / "w.duckdb", mapping, EXAMPLE_CSV)


def test_incomplete_mapping_is_a_clear_error(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yml"
    mapping.write_text("name: x\ncolumns: {score: Score}\ntimestamp_format: '%Y'\n")
    with pytest.raises(LoadError, match=r"columns\.responded_at is required"):
        import_survey_export(tmp_path / "w.duckdb", mapping, EXAMPLE_CSV)


def test_empty_export_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(LoadError, match="is empty"):
        import_survey_export(tmp_path / "w.duckdb", EXAMPLE_MAPPING, empty)


@pytest.mark.integration
def test_example_export_rows_are_accepted_or_rejected_with_reason(warehouse: Warehouse) -> None:
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        accepted = con.execute(
            "select count(*) from marts.fct_survey_responses where source_system = 'example_vendor'"
        ).fetchone()
        rejected = dict(
            con.execute(
                """select reject_reason, count(*) from marts.rejected_rows
                   where source_table = 'survey_export.responses'
                     and record_key like 'example_vendor:%' group by 1"""
            ).fetchall()
        )
    finally:
        con.close()
    assert rejected == {
        "score_not_integer": 1,
        "score_out_of_range": 1,
        "unparseable_timestamp": 1,
    }
    assert accepted and accepted[0] == 12 - 3


@pytest.mark.integration
@pytest.mark.realdata
def test_real_telecom_nps_export_matches_an_independent_computation(warehouse: Warehouse) -> None:
    """The real NPS answers of ../shared/data/real/nps_verbatims, through the whole project."""
    if not warehouse.telecom_loaded:
        pytest.skip(f"real data absent: {TELECOM_CSV}")
    raw = pd.read_csv(TELECOM_CSV, dtype=str, keep_default_na=False)
    score = pd.to_numeric(raw["NPS_SCORE"].str.strip(), errors="coerce")
    when = pd.to_datetime(raw["CUSTOMER_RESPONSE_DATE"], format="%d/%m/%Y %H:%M", errors="coerce")
    # DECISIONLOG.md#local-times-at-dst-changes: ambiguous -> the earlier instant, gap -> forward
    earlier = np.ones(len(when), dtype=bool)
    when = when.dt.tz_localize("Europe/London", ambiguous=earlier, nonexistent="shift_forward")
    when = when.dt.tz_convert("UTC")
    usable = score.between(0, 10) & (score == score.round()) & when.notna()
    df = pd.DataFrame(
        {
            "month": when[usable].dt.strftime("%Y-%m-01"),
            "touchpoint": raw.loc[usable, "SURVEY_SUB_TYPE"].str.strip().str.lower().str.replace(" ", "_"),
            "score": score[usable].astype(int),
        }
    )
    expected = (
        df.assign(p=df.score >= 9, d=df.score <= 6)
        .groupby(["month", "touchpoint"])
        .agg(n=("score", "size"), p=("p", "sum"), d=("d", "sum"))
    )
    expected["nps"] = 100.0 * (expected.p - expected.d) / expected.n

    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        mart = con.execute(
            """select cast(kpi_month as varchar), segment_value, answers, nps
               from marts.kpi_nps_monthly
               where kpi_partition = 'transactional' and segment_name = 'touchpoint'
                 and segment_value in ('order', 'first_payment', 'equipment_received', 'service_in_use')
                 and answers > 0"""
        ).fetchall()
        rejected = con.execute(
            """select count(*) from marts.rejected_rows
               where source_table = 'survey_export.responses' and record_key like 'telecom_nps:%'"""
        ).fetchone()
    finally:
        con.close()
    got = {(m, t): (n, v) for m, t, n, v in mart}
    assert len(got) == len(expected) > 0
    for (month, touchpoint), row in expected.iterrows():
        n, nps = got[(month, touchpoint)]
        assert n == row.n and abs(nps - row.nps) < 1e-9, (month, touchpoint, n, nps, row.n, row.nps)
    # every line of the file is accounted for: accepted into the mart or rejected with a reason
    assert int(expected.n.sum()) + (rejected[0] if rejected else 0) == len(raw)


def test_an_id_column_of_e_mail_addresses_is_refused_without_showing_them(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Respondent,Submitted,How likely are you to recommend us?,Why?,Journey,Channel\n"
        "R-1,01/03/2025 09:15 AM,10,ok,Onboarding,Email\n"
        "jane.doe@example.com,01/07/2025 02:40 PM,9,ok,Onboarding,Email\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "m.yml"
    mapping.write_text(
        EXAMPLE_MAPPING.read_text().replace("response_id: Response ID", "response_id: Respondent")
    )
    db = tmp_path / "w.duckdb"
    with pytest.raises(LoadError, match="column 'Respondent' mapped as response_id holds e-mail") as info:
        import_survey_export(db, mapping, export)
    assert "jane.doe" not in str(info.value) and "line 3" in str(info.value)
    assert not db.exists() or _count(db) == 0
