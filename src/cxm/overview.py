"""`cxm kpi-overview`: a compact KPI summary of any built warehouse (real or generated data).

Used by `make demo-real`: CSAT by delivery timeliness and payment method, NPS by touchpoint,
service KPIs by the answering account, historical and predicted CLV, and the rows kept out
of staging. A mart without rows (its sources absent) prints `no data`.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from cxm.load import LoadError

QUERIES: list[tuple[str, str]] = [
    (
        "CSAT (top-box share) by delivery timeliness and payment method, all months",
        """select segment_name, segment_value, sum(answers) as answers,
                  round(sum(top_box_answers) / nullif(sum(answers), 0), 3) as top_box_share
           from marts.kpi_csat_monthly
           where segment_name in ('all', 'delivery_timeliness', 'payment_method')
           group by 1, 2 having sum(answers) > 0 order by 1, 3 desc""",
    ),
    (
        "NPS by touchpoint, all months",
        """select touchpoint, count(*) as answers,
                  round(100.0 * (sum(is_nps_promoter) - sum(is_nps_detractor)) / count(*), 1) as nps
           from marts.fct_survey_responses where question_id = 'nps_0_10'
           group by 1 order by 2 desc""",
    ),
    (
        "First response, resolution (median hours) and FCR by answering account, per month",
        """select cast(f.kpi_month as varchar) as month, f.segment_value as account, f.tickets,
                  round(f.first_response_median_seconds / 3600, 2) as frt_h,
                  round(r.resolution_median_seconds / 3600, 2) as resolution_h,
                  round(c.fcr_rate, 3) as fcr_rate
           from marts.kpi_first_response_time_monthly as f
           inner join marts.kpi_resolution_time_monthly as r using (kpi_month, segment_name, segment_value)
           inner join marts.kpi_fcr_monthly as c using (kpi_month, segment_name, segment_value)
           where f.segment_name = 'answering_account' and f.tickets > 0 order by 1, 3 desc""",
    ),
    (
        "Customer lifetime value: historical (all cohorts) and predicted",
        """select h.customers, h.paying_customers, round(h.total, 2) as historical_clv_total,
                  p.predicted_customers, round(p.mean_predicted, 2) as predicted_clv_mean
           from (select sum(customers) as customers, sum(paying_customers) as paying_customers,
                        sum(historical_clv_total) as total
                 from marts.kpi_clv_by_cohort where segment_name = 'all') as h
           cross join (select count(*) as predicted_customers, avg(predicted_clv) as mean_predicted
                       from marts.ml_clv_customers) as p""",
    ),
    (
        "Raw rows kept out of staging (marts.rejected_rows), by table and reason",
        """select source_table, reject_reason, count(*) as n from marts.rejected_rows
           group by 1, 2 order by 1, 3 desc""",
    ),
]


def print_overview(db_path: Path) -> None:
    if not Path(db_path).exists():
        raise LoadError(f"no warehouse at {db_path}: import data and run dbt build first")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        for title, sql in QUERIES:
            try:
                result = con.execute(sql)
                names = [d[0] for d in result.description]
                rows = result.fetchall()
            except duckdb.CatalogException as exc:
                raise LoadError(f"a mart is missing in {db_path} ({exc}): run dbt build first") from exc
            print()
            print(title)
            if not rows:
                print("  no data (its sources are absent)")
                continue
            widths = [max(len(str(n)), *(len(str(r[i])) for r in rows)) for i, n in enumerate(names)]
            print("  " + "  ".join(str(n).ljust(w) for n, w in zip(names, widths, strict=True)))
            for row in rows:
                print("  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
    finally:
        con.close()
