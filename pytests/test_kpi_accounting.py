"""No accepted row disappears between a fact and its KPI mart (issue: rows accounted for, carried
from staging to the marts).

For each KPI family, the fact rows the mart counts (with the mart's own filter) equal the sum of
the mart's count column over every month and partition of its `all` segment. A row dated outside
the time spine, or in a month the mart's grid leaves out, would make the two differ while every
dbt test passed (DECISIONLOG.md#time-spine).
"""

from __future__ import annotations

import duckdb
import pytest

from .conftest import Warehouse

pytestmark = pytest.mark.integration

# family: (fact rows the mart counts, mart, the mart's count column)
FAMILIES: dict[str, tuple[str, str, str]] = {
    "nps": (
        "select count(*) from marts.fct_survey_responses where nps_program is not null",
        "kpi_nps_monthly",
        "answers",
    ),
    "csat": (
        "select count(*) from marts.fct_survey_responses where question_id = 'csat_1_5'",
        "kpi_csat_monthly",
        "answers",
    ),
    "ces": (
        "select count(*) from marts.fct_survey_responses where question_id = 'ces_1_7'",
        "kpi_ces_monthly",
        "answers",
    ),
    "response_rate": (
        "select count(*) from marts.fct_survey_invitations",
        "kpi_survey_response_rate_monthly",
        "invitations",
    ),
    "feedback": ("select count(*) from marts.fct_feedback", "kpi_feedback_monthly", "answers"),
    "closed_loop": (
        "select count(*) from marts.fct_feedback where is_negative_feedback = 1",
        "kpi_closed_loop_monthly",
        "negative_answers",
    ),
    "enps": ("select count(*) from marts.fct_pulse_responses", "kpi_enps_monthly", "answers"),
    "fcr": ("select count(*) from marts.fct_tickets", "kpi_fcr_monthly", "tickets"),
    "first_response_time": (
        "select count(*) from marts.fct_tickets",
        "kpi_first_response_time_monthly",
        "tickets",
    ),
    "resolution_time": ("select count(*) from marts.fct_tickets", "kpi_resolution_time_monthly", "tickets"),
    "churn": (
        "select sum(is_active_at_start) from marts.fct_customer_months",
        "kpi_churn_monthly",
        "customers_at_start",
    ),
    "referral": (
        "select count(distinct (customer_month, customer_id)) from marts.fct_customer_months",
        "kpi_referral_monthly",
        "active_customers",
    ),
    "renewal": (
        "select count(*) from marts.fct_subscription_terms where is_due = 1",
        "kpi_renewal_monthly",
        "terms_due",
    ),
    "clv": ("select count(*) from marts.dim_customers", "kpi_clv_by_cohort", "customers"),
    "journey_completion": (
        "select count(*) from marts.fct_journeys",
        "kpi_journey_completion_monthly",
        "journeys_started",
    ),
    "sentiment": ("select count(*) from marts.fct_text_sentiments", "kpi_sentiment_monthly", "texts"),
}


def _mart_total(con: duckdb.DuckDBPyConnection, mart: str, column: str) -> int:
    total = con.execute(f"select sum({column}) from marts.{mart} where segment_name = 'all'").fetchone()
    return int(total[0] or 0)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_accepted_fact_row_is_counted_in_the_marts_all_segment(
    warehouse: Warehouse, family: str
) -> None:
    fact_sql, mart, column = FAMILIES[family]
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        fact_rows = int(con.execute(fact_sql).fetchone()[0] or 0)
        mart_rows = _mart_total(con, mart, column)
    finally:
        con.close()
    assert fact_rows > 0, f"{family}: the fact has no rows to account for"
    assert mart_rows == fact_rows, f"{family}: {fact_rows} accepted rows in the fact, {mart_rows} in {mart}"
