"""Benchmark of the predictive models: fit quality against published and held-out figures.

- CDNOW (the buy-till-you-die benchmark shipped with `lifetimes`): the BG/NBD and Gamma-Gamma
  fit beside the published parameters, and predicted vs actual repeat purchases in the
  39-week holdout after the 39-week calibration period (as in Fader, Hardie & Lee 2005).
- The built warehouse (generated data): the churn model's out-of-time AUC (trained on
  earlier cut-offs, evaluated on the latest fully labelled one) and the CLV fit.
- Real data when present (../shared/data/real/olist_subset): the CLV fit and a
  calibration/holdout check on Olist orders. Olist has no memberships, so churn (the end of a
  membership spell) cannot be defined there and is not scored.
Every figure is measured on each run; nothing is asserted here (pytests hold the bounds).
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cxm.models import churn, clv

CDNOW_CALIBRATION_END = pd.Timestamp("1997-09-30")
CDNOW_HOLDOUT_END = pd.Timestamp("1998-06-30")
# Olist orders that were paid for and not cancelled; value = the order's payments.
OLIST_KEPT_STATUSES = ("delivered", "shipped", "invoiced", "processing", "approved")
OLIST_CALIBRATION_END = pd.Timestamp("2018-03-31")
OLIST_HOLDOUT_END = pd.Timestamp("2018-09-30")


def cdnow_report() -> dict[str, Any]:
    """Fit on the published CDNOW calibration summary; holdout check on its transactions."""
    t0 = time.perf_counter()
    fit = clv.fit_clv(clv.load_cdnow_summary(), unit_days=7.0)
    fitted = {
        "bg_nbd": {**fit.bg_nbd, "log_likelihood": fit.bg_nbd_log_likelihood},
        "gamma_gamma": dict(fit.gamma_gamma),
    }
    rows = []
    for model, published in clv.PUBLISHED_CDNOW.items():
        for name, pub in published.items():
            value = fitted[model][name]
            rows.append(
                {
                    "model": model,
                    "parameter": name,
                    "fitted": value,
                    "published": pub,
                    "relative_difference": (value - pub) / abs(pub),
                }
            )
    tx = clv.load_cdnow_sample_transactions()
    cal = clv.rfm_summary(tx, CDNOW_CALIBRATION_END, unit_days=7.0)
    hold = clv.holdout_check(tx, CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END, clv.fit_clv(cal))
    return {
        "customers": fit.customers,
        "parameters": rows,
        "holdout": _holdout_dict(hold),
        "seconds": time.perf_counter() - t0,
    }


def _holdout_dict(hold: clv.HoldoutCheck) -> dict[str, Any]:
    return {
        "calibration_end": hold.calibration_end,
        "holdout_end": hold.holdout_end,
        "customers": hold.customers,
        "actual_purchases": hold.actual_purchases,
        "predicted_purchases": hold.predicted_purchases,
        "relative_error": hold.relative_error,
        "by_calibration_frequency": hold.by_calibration_frequency,
    }


def warehouse_report(
    db: Path, *, horizon_days: int = 90, train_cutoffs: int = 4, seed: int = 42
) -> dict[str, Any]:
    """Churn AUC (out of time) and the CLV fit on a built warehouse (`dbt build` done)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        t0 = time.perf_counter()
        inputs = churn.inputs_from_relations(
            spells=con.table("intermediate.int_customer_spells_merged"),
            orders=con.table("intermediate.int_orders_valued"),
            sessions=con.table("staging.stg_web__sessions"),
            tickets=con.table("marts.fct_tickets"),
            deliveries=con.table("staging.stg_logistics__deliveries"),
            feedback=con.table("marts.fct_feedback"),
        )
        as_of = pd.Timestamp(
            con.sql("select max(data_as_of) from intermediate.int_customer_spells_merged").fetchall()[0][0]
        )
        t_inputs = time.perf_counter() - t0
        ev = churn.evaluate(inputs, as_of, horizon_days=horizon_days, train_cutoffs=train_cutoffs, seed=seed)
        t_churn = time.perf_counter() - t0 - t_inputs
        tx = inputs.orders[inputs.orders["net_revenue"] > 0]
        t1 = time.perf_counter()
        summary = clv.rfm_summary(tx, as_of, unit_days=7.0)
        fit = clv.fit_clv(summary, unit_days=7.0)
        t_clv = time.perf_counter() - t1
    finally:
        con.close()
    return {
        "database": str(db),
        "data_as_of": str(as_of),
        "churn": {
            "auc": ev.auc,
            "baseline_auc_days_since_last_order": ev.baseline_auc_days_since_last_order,
            "horizon_days": ev.horizon_days,
            "train_cutoffs": (
                f"{ev.train_first_cutoff.date()}..{ev.train_last_cutoff.date()} ({ev.train_cutoffs})"
            ),
            "train_rows": ev.train_rows,
            "train_churned": ev.train_churned,
            "evaluation_cutoff": str(ev.evaluation_cutoff.date()),
            "evaluation_window_end": str(ev.evaluation_window_end.date()),
            "evaluation_rows": ev.evaluation_rows,
            "evaluation_churned": ev.evaluation_churned,
            "auc_standard_error": _auc_se(
                ev.auc, ev.evaluation_churned, ev.evaluation_rows - ev.evaluation_churned
            ),
            "seconds": t_churn,
        },
        "clv": {
            "customers": fit.customers,
            "repeat_customers": fit.repeat_customers,
            "bg_nbd": fit.bg_nbd,
            "gamma_gamma": fit.gamma_gamma,
            "frequency_monetary_correlation": fit.frequency_monetary_correlation,
            "seconds": t_clv,
        },
        "read_inputs_seconds": t_inputs,
    }


def _auc_se(auc: float, n_pos: int, n_neg: int) -> float:
    """Hanley & McNeil (1982) standard error of an AUC."""
    if math.isnan(auc) or n_pos == 0 or n_neg == 0:
        return float("nan")
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    var = (auc * (1 - auc) + (n_pos - 1) * (q1 - auc**2) + (n_neg - 1) * (q2 - auc**2)) / (n_pos * n_neg)
    return math.sqrt(var)


def load_olist_transactions(folder: Path) -> pd.DataFrame:
    """Olist orders as purchases: customer = customer_unique_id (Olist's customer_id is per
    order), time = purchase timestamp, value = the order's payments (BRL); orders cancelled or
    unavailable are left out."""
    orders = pd.read_csv(folder / "olist_orders_dataset.csv")
    customers = pd.read_csv(folder / "olist_customers_dataset.csv")
    payments = pd.read_csv(folder / "olist_order_payments_dataset.csv")
    value = payments.groupby("order_id")["payment_value"].sum()
    kept = orders[orders["order_status"].isin(OLIST_KEPT_STATUSES)]
    tx = kept.merge(customers[["customer_id", "customer_unique_id"]], on="customer_id")
    tx["net_revenue"] = tx["order_id"].map(value).fillna(0.0)
    tx = tx[tx["net_revenue"] > 0]
    return pd.DataFrame(
        {
            "customer_id": tx["customer_unique_id"],
            "ordered_at": pd.to_datetime(tx["order_purchase_timestamp"]),
            "net_revenue": tx["net_revenue"].astype("float64"),
        }
    )


def olist_report(folder: Path) -> dict[str, Any] | None:
    """CLV fit and holdout check on Olist, or None when the folder is absent."""
    if not (folder / "olist_orders_dataset.csv").exists():
        return None
    t0 = time.perf_counter()
    tx = load_olist_transactions(folder)
    end = tx["ordered_at"].max()
    out: dict[str, Any] = {
        "folder": str(folder),
        "orders": len(tx),
        "customers": int(tx["customer_id"].nunique()),
    }
    summary = clv.rfm_summary(tx, end, unit_days=7.0)
    out["repeat_customers"] = int((summary["frequency"] > 0).sum())
    try:
        fit = clv.fit_clv(summary, unit_days=7.0)
        out["bg_nbd"], out["gamma_gamma"] = fit.bg_nbd, fit.gamma_gamma
        cal = clv.rfm_summary(tx, OLIST_CALIBRATION_END, unit_days=7.0)
        hold = clv.holdout_check(tx, OLIST_CALIBRATION_END, OLIST_HOLDOUT_END, clv.fit_clv(cal))
        out["holdout"] = _holdout_dict(hold)
    except (ValueError, clv.ConvergenceError) as exc:
        out["error"] = str(exc).strip()
    out["churn"] = "not applicable: Olist has no memberships, so there is no churn label"
    out["seconds"] = time.perf_counter() - t0
    return out


def run_bench_models(db: Path | None, real_data: Path | None, **churn_kwargs: int) -> dict[str, Any]:
    report: dict[str, Any] = {"cdnow": cdnow_report()}
    if db is not None and db.exists():
        report["generated"] = warehouse_report(db, **churn_kwargs)
    else:
        report["generated"] = None
    report["olist"] = olist_report(real_data / "olist_subset") if real_data is not None else None
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = ["CDNOW (2,357 customers): fitted vs published (Fader, Hardie & Lee 2005; Fader & Hardie 2013)"]
    for row in report["cdnow"]["parameters"]:
        lines.append(
            f"  {row['model']:<12} {row['parameter']:<15} {row['fitted']:>12.4f} {row['published']:>12.4f}"
            f"  ({row['relative_difference']:+.3%})"
        )
    h = report["cdnow"]["holdout"]
    lines.append(
        f"  holdout {h['calibration_end']}..{h['holdout_end']}: repeat purchase days actual "
        f"{h['actual_purchases']:.0f}, predicted {h['predicted_purchases']:.1f} ({h['relative_error']:+.1%})"
    )
    for b in h["by_calibration_frequency"]:
        lines.append(
            f"    calibration repeats {int(b['bucket'])}{'+' if b['bucket'] >= 7 else ' '} "
            f"customers {int(b['customers']):>5}: actual {b['actual_mean']:.2f} "
            f"predicted {b['predicted_mean']:.2f}"
        )
    g = report.get("generated")
    if g:
        c = g["churn"]
        lines.append(f"Generated data ({g['database']}, data_as_of {g['data_as_of']}):")
        lines.append(
            f"  churn AUC {c['auc']:.3f} (SE {c['auc_standard_error']:.3f}; baseline days since last order "
            f"{c['baseline_auc_days_since_last_order']:.3f}), evaluated at {c['evaluation_cutoff']} on "
            f"{c['evaluation_rows']} customers ({c['evaluation_churned']} churned by "
            f"{c['evaluation_window_end']}); "
            f"trained on {c['train_rows']} rows, cut-offs {c['train_cutoffs']}; {c['seconds']:.1f}s"
        )
        v = g["clv"]
        lines.append(
            f"  CLV fit on {v['customers']} customers ({v['repeat_customers']} repeat): BG/NBD "
            + ", ".join(f"{k}={x:.4g}" for k, x in v["bg_nbd"].items())
            + "; Gamma-Gamma "
            + ", ".join(f"{k}={x:.4g}" for k, x in v["gamma_gamma"].items())
            + f"; {v['seconds']:.1f}s"
        )
    else:
        lines.append("Generated data: no built warehouse (run `make demo` first)")
    o = report.get("olist")
    if o:
        lines.append(
            f"Olist ({o['customers']} customers, {o['orders']} orders, {o['repeat_customers']} repeat):"
        )
        if "error" in o:
            lines.append(f"  CLV: {o['error']}")
        else:
            lines.append(
                "  BG/NBD "
                + ", ".join(f"{k}={x:.4g}" for k, x in o["bg_nbd"].items())
                + "; Gamma-Gamma "
                + ", ".join(f"{k}={x:.4g}" for k, x in o["gamma_gamma"].items())
            )
            oh = o["holdout"]
            lines.append(
                f"  holdout {oh['calibration_end']}..{oh['holdout_end']}: repeat purchase days actual "
                f"{oh['actual_purchases']:.0f}, predicted {oh['predicted_purchases']:.1f}"
            )
        lines.append(f"  churn: {o['churn']}")
    else:
        lines.append("Olist: not found (real data is optional)")
    return "\n".join(lines)
