"""Out-of-time evaluation of the churn-risk model: one row.

Trained on cut-offs whose label windows end at or before the evaluation cut-off
(data_as_of - horizon), evaluated on the customers at risk at that cut-off (labels up to
data_as_of): AUC, the AUC of a naive baseline (days since the last order), period
boundaries and row counts. Logic: cxm.models.churn. Docs: _predictive__docs.md; decision:
DECISIONLOG.md#churn-risk.
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
        return churn.empty_evaluation_table()
    evaluation = churn.evaluate(
        inputs,
        as_of,
        horizon_days=int(dbt.config.get("churn_risk_horizon_days")),
        train_cutoffs=int(dbt.config.get("churn_risk_train_cutoffs")),
        seed=int(dbt.config.get("model_seed")),
    )
    return churn.evaluation_table(evaluation)
