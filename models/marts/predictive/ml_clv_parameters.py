"""Fit the predicted-CLV model: BG/NBD (purchases, drop-out) and Gamma-Gamma (order value).

One row per fitted parameter and fit statistic (model, parameter, value), so every predicted
CLV can be reproduced and audited. Purchases = orders that count in the historical CLV
(completed, not returned: int_orders_valued.net_revenue > 0) placed up to data_as_of; time in
weeks. Logic: cxm.models.clv (typed, unit-tested in pytests/test_models_clv.py).
Docs: _predictive__docs.md; decision: DECISIONLOG.md#clv-predicted. Disabled on engines
without Python models (Spark): see ml_clv_parameters.yml.
"""

import pandas as pd

from cxm.models import clv


def model(dbt, session):  # noqa: ANN001, ANN201 - dbt's entry point
    dbt.config(materialized="table")
    penalizer = float(dbt.config.get("clv_penalizer"))
    orders = (
        dbt.ref("int_orders_valued").filter("net_revenue > 0").project("customer_id, ordered_at, net_revenue")
    )
    as_of = dbt.ref("int_customer_spells_merged").aggregate("max(data_as_of) as data_as_of").df()
    tx = orders.df()
    # without subscriptions (an optional source, DECISIONLOG.md#optional-sources) the data's
    # end is the day of the latest order
    observation_end = pd.Timestamp(as_of["data_as_of"].iloc[0])
    if pd.isna(observation_end) and len(tx):
        observation_end = pd.Timestamp(tx["ordered_at"].max()).ceil("D")
    summary = clv.rfm_summary(tx, observation_end, unit_days=7.0) if len(tx) else tx
    if len(summary) < clv.MIN_CUSTOMERS:
        return clv.empty_parameters_table()  # too few customers to fit: no parameters, no prediction
    fit = clv.fit_clv(summary, penalizer=penalizer, unit_days=7.0)
    params = clv.parameters_table(fit)
    params["observation_end"] = observation_end
    return params[["model", "parameter", "value", "observation_end"]]
