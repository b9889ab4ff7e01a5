"""Churn risk per customer at risk today (a membership spell running at data_as_of).

P(the spell ends within var cx_churn_risk_horizon_days) from behaviour, service and feedback
signals known before data_as_of; a logistic regression refitted on the latest fully labelled
cut-offs (see ml_churn_risk_evaluation for its out-of-time evaluation). Logic:
cxm.models.churn (typed, unit-tested in pytests/test_models_churn.py). Docs:
_predictive__docs.md; decision: DECISIONLOG.md#churn-risk.
"""

import pandas as pd

from cxm.models import churn


def model(dbt, session):  # noqa: ANN001, ANN201 - dbt's entry point
    dbt.config(materialized="table")
    inputs = churn.inputs_from_relations(
        spells=dbt.ref("int_customer_spells_merged"),
        orders=dbt.ref("int_orders_valued"),
        sessions=dbt.ref("stg_web__sessions"),
        tickets=dbt.ref("fct_tickets"),
        deliveries=dbt.ref("stg_logistics__deliveries"),
        feedback=dbt.ref("fct_feedback"),
    )
    as_of = pd.Timestamp(
        dbt.ref("int_customer_spells_merged").aggregate("max(data_as_of) as a").df()["a"].iloc[0]
    )
    if pd.isna(as_of) or inputs.spells.empty:  # no subscriptions landed (an optional source)
        return churn.empty_scores_table()
    scores = churn.score(
        inputs,
        as_of,
        horizon_days=int(dbt.config.get("churn_risk_horizon_days")),
        train_cutoffs=int(dbt.config.get("churn_risk_train_cutoffs")),
        seed=int(dbt.config.get("model_seed")),
    )
    scores["horizon_days"] = int(dbt.config.get("churn_risk_horizon_days"))
    scores["scored_at"] = as_of
    return scores
