"""The short KPI summary `make demo` ends with: NPS by month and segment, and where things are."""

from __future__ import annotations

from pathlib import Path

import duckdb

from cxm.load import LoadError
from cxm.warehouse import connect_read_only


def _fmt(value: float | None, width: int = 7) -> str:
    return f"{value:>{width}.1f}" if value is not None else f"{'-':>{width}}"


def _print_worklists_and_anomalies(con: duckdb.DuckDBPyConnection) -> None:
    """What waits for a person: the escalation and referral worklists, and unusual KPI months."""
    print()
    print("Worklists and alerts:")
    for table, what in (
        ("worklist_feedback_escalations", "high-value negative feedback waiting for a follow-up"),
        ("worklist_referral_invitations", "promoters to invite to the referral programme"),
    ):
        try:
            n = con.execute(f"select count(*) from marts.{table}").fetchone()[0]  # type: ignore[index]
        except duckdb.CatalogException:  # disabled on this engine or not built yet
            continue
        print(f"  {n:>6,}  {what} (marts.{table})")
    try:
        flagged = con.execute(
            "select count(*), count(*) filter (where is_latest_month), "
            "string_agg(distinct case when is_latest_month then kpi_mart || '.' || measure end, ', ') "
            "from marts.kpi_anomalies"
        ).fetchone()
    except duckdb.CatalogException:
        return
    assert flagged is not None
    latest = f": {flagged[2]}" if flagged[1] else ""
    print(
        f"  {flagged[0]:>6,}  unusual KPI months (marts.kpi_anomalies), "
        f"{flagged[1]} in the latest month{latest}"
    )


def print_summary(db_path: Path, months: int = 6) -> None:
    con = connect_read_only(db_path)
    try:
        try:
            rows = con.execute(
                """
                select kpi_month, kpi_partition, answers, nps, nps_ci95_low, nps_ci95_high, is_small_sample
                from marts.kpi_nps_monthly
                where segment_name = 'all'
                  and kpi_month >= (select max(kpi_month) from marts.kpi_nps_monthly) - to_months(?)
                order by kpi_partition, kpi_month
                """,
                [months - 1],
            ).fetchall()
        except duckdb.CatalogException as exc:
            raise LoadError(f"marts.kpi_nps_monthly is missing in {db_path}: run dbt build first") from exc
        print()
        print(f"NPS by month (last {months} months; 95% CI; * = small sample)")
        print(f"  {'month':<10} {'programme':<14} {'answers':>8} {'NPS':>7}  {'95% CI':>15}")
        for month, program, answers, nps, low, high, small in rows:
            ci = f"[{_fmt(low, 6)},{_fmt(high, 6)}]" if nps is not None else ""
            flag = " *" if small else ""
            print(f"  {month!s:<10} {program:<14} {answers:>8,} {_fmt(nps)}  {ci:>15}{flag}")

        latest = con.execute(
            """
            select max(kpi_month) from marts.kpi_nps_monthly
            where kpi_partition = 'relationship' and segment_name = 'all' and answers > 0
            """
        ).fetchone()
        if latest and latest[0] is not None:
            seg_rows = con.execute(
                """
                select segment_name, segment_value, answers, nps, is_small_sample
                from marts.kpi_nps_monthly
                where kpi_partition = 'relationship' and kpi_month = ?
                  and segment_name in ('region', 'value_tier')
                order by segment_name, segment_value
                """,
                [latest[0]],
            ).fetchall()
            print()
            print(f"Relationship NPS in {latest[0]} by region and value tier (* = small sample)")
            for name, value, answers, nps, small in seg_rows:
                flag = " *" if small else ""
                print(f"  {name:<11} {value:<12} {answers:>6,} {_fmt(nps)}{flag}")

        _print_worklists_and_anomalies(con)
        rejected = con.execute(
            "select reject_reason, count(*) from marts.rejected_rows group by 1 order by 2 desc"
        ).fetchall()
        print()
        print("Raw rows kept out of staging (marts.rejected_rows), by reason:")
        for reason, n in rejected:
            print(f"  {reason:<28} {n:>8,}")
    finally:
        con.close()
    target = Path("target")
    print()
    print("Outputs:")
    print(f"  warehouse (DuckDB)    {Path(db_path).resolve()}")
    print("                        schemas: raw_*, staging, intermediate, marts")
    print(f"  dbt docs              {(target / 'index.html').resolve()}  (view: .venv/bin/dbt docs serve)")
    print(f"  metric catalogue      {(target / 'metric_catalog' / 'index.html').resolve()}")
    docs = target / "data_quality" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    print(f"  data quality docs     {docs.resolve()}")
    print(
        "  semantic layer        .venv/bin/mf query --metrics relationship_nps "
        "--group-by metric_time__month,survey_response__region"
    )
