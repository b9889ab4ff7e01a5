"""Predicted CLV per customer from the recorded BG/NBD and Gamma-Gamma parameters.

One row per customer with at least one purchase (an order that counts in the historical CLV)
up to data_as_of: repeat purchases, recency and age in weeks, the expected purchases and
value over var cx_clv_horizon_days, P(alive) and the expected value per purchase. The
parameters come from ml_clv_parameters (not refitted here), so the figures can be reproduced
from that table. Logic: cxm.models.clv. Docs: _predictive__docs.md; decision:
DECISIONLOG.md#clv-predicted.
"""

import pandas as pd

from cxm.models import clv


def model(dbt, session):  # noqa: ANN001, ANN201 - dbt's entry point
    dbt.config(materialized="table")
    horizon_days = int(dbt.config.get("clv_horizon_days"))
    orders = (
        dbt.ref("int_orders_valued").filter("net_revenue > 0").project("customer_id, ordered_at, net_revenue")
    )
    params = dbt.ref("ml_clv_parameters").df()
    if params.empty:  # too few customers were there to fit (ml_clv_parameters)
        return clv.empty_predictions_table()
    fit = clv.fit_from_parameters_table(params)
    observation_end = pd.Timestamp(params["observation_end"].iloc[0])
    tx = orders.df()
    summary = clv.rfm_summary(tx, observation_end, unit_days=fit.unit_days)
    scored = clv.predict_clv(summary, fit, horizon_days=horizon_days)
    spans = tx[pd.to_datetime(tx["ordered_at"]).dt.floor("D") <= observation_end.floor("D")]
    spans = spans.groupby("customer_id")["ordered_at"].agg(["min", "max"])
    out = scored.join(spans).reset_index()
    out = out.rename(
        columns={
            "min": "first_purchase_at",
            "max": "last_purchase_at",
            "frequency": "repeat_purchases",
            "recency": "recency_weeks",
            "T": "age_weeks",
            "monetary_value": "mean_repeat_purchase_value",
        }
    )
    out["predicted_clv_rank"] = out["predicted_clv"].rank(method="first", ascending=False).astype("int64")
    out["horizon_days"] = horizon_days
    out["observation_end"] = observation_end
    return out
