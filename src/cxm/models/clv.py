"""Predicted customer lifetime value with a buy-till-you-die model.

Method (Fader, Hardie & Lee 2005; Fader & Hardie 2013):
- purchase frequency and drop-out: BG/NBD (`lifetimes.BetaGeoFitter`), fitted on each
  customer's frequency (repeat purchase days), recency (first to last purchase) and age T
  (first purchase to the end of the observation), in weeks;
- value per purchase: Gamma-Gamma (`lifetimes.GammaGammaFitter`, never penalised), fitted
  on the repeat customers' mean repeat-purchase value;
- predicted value over a horizon = expected purchases over the horizon x the conditional
  expected value per purchase (undiscounted revenue, like the historical CLV).

Purchases on the same calendar day count as one purchase of their summed value (the
convention of the models' papers and of `lifetimes`). Everything is deterministic: the
fitters start from fixed values and use no random numbers.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import ConvergenceError

DAY = pd.Timedelta(days=1)
BG_NBD_PARAMS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMS = ("p", "q", "v")

# Published maximum-likelihood estimates on the CDNOW 1/10 sample (2,357 customers, 39-week
# calibration period, time in weeks): BG/NBD in Fader, Hardie & Lee (2005), "Counting your
# customers the easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2);
# Gamma-Gamma in Fader & Hardie (2013), "The Gamma-Gamma model of monetary value".
PUBLISHED_CDNOW: dict[str, dict[str, float]] = {
    "bg_nbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "log_likelihood": -9582.4},
    "gamma_gamma": {"p": 6.25, "q": 3.74, "v": 15.44},
}


@dataclass(frozen=True)
class ClvFit:
    """Fitted parameters and what they were fitted on (written to the parameters table)."""

    bg_nbd: dict[str, float]
    gamma_gamma: dict[str, float]
    customers: int
    repeat_customers: int
    unit_days: float
    penalizer: float
    bg_nbd_log_likelihood: float
    gamma_gamma_log_likelihood: float
    frequency_monetary_correlation: float
    extra: dict[str, float] = field(default_factory=dict)


def rfm_summary(
    transactions: pd.DataFrame,
    observation_end: pd.Timestamp,
    *,
    customer_col: str = "customer_id",
    time_col: str = "ordered_at",
    value_col: str = "net_revenue",
    unit_days: float = 7.0,
) -> pd.DataFrame:
    """Per customer: frequency, recency, T (in units of `unit_days`) and mean repeat value.

    Only transactions on or before `observation_end` count; same-day purchases are one
    purchase of their summed value; `monetary_value` is the mean value of the repeat
    purchase days (0 without repeats), as in `lifetimes.utils.summary_data_from_transaction_data`.
    The index is the customer id, sorted.
    """
    end_day = pd.Timestamp(observation_end).floor("D")
    tx = transactions[[customer_col, time_col, value_col]].copy()
    tx[time_col] = pd.to_datetime(tx[time_col])
    tx = tx[tx[time_col].dt.floor("D") <= end_day]
    tx["day"] = tx[time_col].dt.floor("D")
    days = tx.groupby([customer_col, "day"], sort=True)[value_col].sum().astype("float64").reset_index()
    days["rank"] = days.groupby(customer_col).cumcount()
    g = days.groupby(customer_col, sort=True)
    first = g["day"].min()
    last = g["day"].max()
    n_days = g["day"].count()
    repeat_value = days[days["rank"] > 0].groupby(customer_col)[value_col].mean()
    out = pd.DataFrame(
        {
            "frequency": (n_days - 1).astype("float64"),
            "recency": (last - first) / DAY / unit_days,
            "T": (end_day - first) / DAY / unit_days,
            "monetary_value": repeat_value.reindex(first.index).fillna(0.0).astype("float64"),
        }
    )
    out.index.name = customer_col
    return out


MIN_CUSTOMERS = 10
PREDICTION_COLUMNS: dict[str, str] = {
    "customer_id": "int64",
    "repeat_purchases": "float64",
    "recency_weeks": "float64",
    "age_weeks": "float64",
    "mean_repeat_purchase_value": "float64",
    "expected_purchases": "float64",
    "p_alive": "float64",
    "expected_order_value": "float64",
    "predicted_clv": "float64",
    "first_purchase_at": "datetime64[us]",
    "last_purchase_at": "datetime64[us]",
    "predicted_clv_rank": "int64",
    "horizon_days": "int64",
    "observation_end": "datetime64[us]",
}


def empty_parameters_table() -> pd.DataFrame:
    """ml_clv_parameters when there are too few customers to fit (e.g. no orders landed)."""
    return pd.DataFrame(
        {
            "model": pd.Series(dtype="object"),
            "parameter": pd.Series(dtype="object"),
            "value": pd.Series(dtype="float64"),
            "observation_end": pd.Series(dtype="datetime64[us]"),
        }
    )


def empty_predictions_table() -> pd.DataFrame:
    """ml_clv_customers without a fit: the columns, no rows."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in PREDICTION_COLUMNS.items()})


def fit_clv(summary: pd.DataFrame, *, penalizer: float = 0.0, unit_days: float = 7.0) -> ClvFit:
    """Fit BG/NBD on every customer and Gamma-Gamma on those with a positive repeat value."""
    if len(summary) < MIN_CUSTOMERS:
        raise ValueError(f"BG/NBD needs more customers than {len(summary)}")
    bgf, start, bg_penalizer = _fit_bg_nbd(summary, penalizer)
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    if len(repeat) < 10:
        raise ValueError(f"Gamma-Gamma needs more repeat customers than {len(repeat)}")
    # never penalised: lifetimes' L2 penalty acts on the parameters themselves, and v is on
    # the scale of the order value (hundreds of EUR), so any penalty distorts the fit
    ggf = GammaGammaFitter()
    with contextlib.redirect_stdout(io.StringIO()):
        ggf.fit(repeat["frequency"], repeat["monetary_value"])
    corr = float(np.corrcoef(repeat["frequency"], repeat["monetary_value"])[0, 1])
    return ClvFit(
        bg_nbd=fit_params(bgf, BG_NBD_PARAMS),
        gamma_gamma=fit_params(ggf, GAMMA_GAMMA_PARAMS),
        customers=len(summary),
        repeat_customers=len(repeat),
        unit_days=unit_days,
        penalizer=bg_penalizer,
        bg_nbd_log_likelihood=bg_nbd_log_likelihood(summary, fit_params(bgf, BG_NBD_PARAMS)),
        gamma_gamma_log_likelihood=float(-ggf._negative_log_likelihood_ * len(repeat)),
        frequency_monetary_correlation=corr,
        extra={"bg_nbd_start": float(start)},
    )


def fit_params(fitter: BetaGeoFitter | GammaGammaFitter, names: tuple[str, ...]) -> dict[str, float]:
    return {k: float(fitter.params_[k]) for k in names}


def bg_nbd_log_likelihood(summary: pd.DataFrame, params: dict[str, float]) -> float:
    """Total BG/NBD log-likelihood on the original time scale (the papers' LL; lifetimes
    stores a per-customer value on a rescaled time axis)."""
    log_params = np.log([params[k] for k in BG_NBD_PARAMS])
    f = summary["frequency"].to_numpy(dtype="float64")
    mean_nll = BetaGeoFitter._negative_log_likelihood(
        log_params,
        f,
        summary["recency"].to_numpy(dtype="float64"),
        summary["T"].to_numpy(dtype="float64"),
        np.ones_like(f),
        0.0,
    )
    return float(-mean_nll * len(f))


FALLBACK_PENALIZERS = (0.001, 0.01)


def _fit_bg_nbd(summary: pd.DataFrame, penalizer: float) -> tuple[BetaGeoFitter, int, float]:
    """BG/NBD by maximum likelihood from fixed starting points, the library's default first.

    lifetimes reports a failure when BFGS stops on a precision loss at a flat optimum (the
    drop-out parameters a and b can be large with a/(a+b) well determined); the next start
    (all parameters 1; then r = 1, alpha = 5, a = 1, b = 10, on lifetimes' rescaled time)
    usually lands on the same optimum. When no start converges (e.g. almost no drop-out in the
    data, so the optimum is at infinity) the small penalties FALLBACK_PENALIZERS are tried in
    turn. Returns the fitter, the 0-based index of the start that converged and the penalizer
    used (both recorded in the parameters table). Deterministic.
    """
    starts: list[np.ndarray | None] = [None, np.zeros(4), np.log([1.0, 5.0, 1.0, 10.0])]
    penalizers = [penalizer, *(p for p in FALLBACK_PENALIZERS if p > penalizer)]
    for pen in penalizers:
        for i, x0 in enumerate(starts):
            bgf = BetaGeoFitter(penalizer_coef=pen)
            try:
                with contextlib.redirect_stdout(io.StringIO()):  # lifetimes prints failed optimiser output
                    bgf.fit(summary["frequency"], summary["recency"], summary["T"], initial_params=x0)
            except ConvergenceError:
                continue
            return bgf, i, pen
    raise ConvergenceError(f"BG/NBD did not converge from {len(starts)} starts with penalizers {penalizers}")


def _bg_nbd(params: dict[str, float]) -> BetaGeoFitter:
    bgf = BetaGeoFitter()
    bgf.params_ = pd.Series({k: params[k] for k in BG_NBD_PARAMS})
    return bgf


def _gamma_gamma(params: dict[str, float]) -> GammaGammaFitter:
    ggf = GammaGammaFitter()
    ggf.params_ = pd.Series({k: params[k] for k in GAMMA_GAMMA_PARAMS})
    return ggf


def predict_clv(summary: pd.DataFrame, fit: ClvFit, *, horizon_days: float) -> pd.DataFrame:
    """Per customer of `summary`: expected purchases and value over the horizon, P(alive).

    Uses only the recorded parameters of `fit` (so the predictions can be reproduced from
    the parameters table). `expected_order_value` is the Gamma-Gamma conditional mean, which
    is the population mean for customers without repeat purchases.
    """
    t = horizon_days / fit.unit_days
    bgf = _bg_nbd(fit.bg_nbd)
    ggf = _gamma_gamma(fit.gamma_gamma)
    f, r, big_t = summary["frequency"], summary["recency"], summary["T"]
    expected = bgf.conditional_expected_number_of_purchases_up_to_time(t, f, r, big_t)
    p_alive = bgf.conditional_probability_alive(f, r, big_t)
    order_value = ggf.conditional_expected_average_profit(f, summary["monetary_value"])
    out = summary.copy()
    out["expected_purchases"] = np.clip(np.asarray(expected, dtype="float64"), 0.0, None)
    out["p_alive"] = np.clip(np.asarray(p_alive, dtype="float64"), 0.0, 1.0)
    out["expected_order_value"] = np.clip(np.asarray(order_value, dtype="float64"), 0.0, None)
    out["predicted_clv"] = out["expected_purchases"] * out["expected_order_value"]
    return out


def parameters_table(fit: ClvFit, published: dict[str, dict[str, float]] | None = None) -> pd.DataFrame:
    """Long table (model, parameter, value[, published_value]) of the fit, for auditing."""
    rows: list[dict[str, object]] = []
    for model, params in (("bg_nbd", fit.bg_nbd), ("gamma_gamma", fit.gamma_gamma)):
        for name, value in params.items():
            pub = (published or {}).get(model, {}).get(name)
            rows.append({"model": model, "parameter": name, "value": value, "published_value": pub})
    meta = {
        "customers": fit.customers,
        "repeat_customers": fit.repeat_customers,
        "unit_days": fit.unit_days,
        "penalizer": fit.penalizer,
        "log_likelihood_bg_nbd": fit.bg_nbd_log_likelihood,
        "log_likelihood_gamma_gamma": fit.gamma_gamma_log_likelihood,
        "frequency_monetary_correlation": fit.frequency_monetary_correlation,
        **fit.extra,
    }
    rows += [
        {"model": "fit", "parameter": k, "value": float(v), "published_value": None} for k, v in meta.items()
    ]
    out = pd.DataFrame(rows)
    out["published_value"] = out["published_value"].astype("float64")
    return out


def fit_from_parameters_table(params: pd.DataFrame) -> ClvFit:
    """Rebuild a ClvFit from the long parameters table written by `parameters_table`."""
    value = {(m, p): float(v) for m, p, v in params[["model", "parameter", "value"]].itertuples(index=False)}
    fit_meta = {p: v for (m, p), v in value.items() if m == "fit"}
    known = {
        "customers",
        "repeat_customers",
        "unit_days",
        "penalizer",
        "log_likelihood_bg_nbd",
        "log_likelihood_gamma_gamma",
        "frequency_monetary_correlation",
    }
    return ClvFit(
        bg_nbd={k: value[("bg_nbd", k)] for k in BG_NBD_PARAMS},
        gamma_gamma={k: value[("gamma_gamma", k)] for k in GAMMA_GAMMA_PARAMS},
        customers=int(fit_meta["customers"]),
        repeat_customers=int(fit_meta["repeat_customers"]),
        unit_days=fit_meta["unit_days"],
        penalizer=fit_meta["penalizer"],
        bg_nbd_log_likelihood=fit_meta["log_likelihood_bg_nbd"],
        gamma_gamma_log_likelihood=fit_meta["log_likelihood_gamma_gamma"],
        frequency_monetary_correlation=fit_meta["frequency_monetary_correlation"],
        extra={k: v for k, v in fit_meta.items() if k not in known},
    )


@dataclass(frozen=True)
class HoldoutCheck:
    """Predicted vs actual repeat purchases in a holdout period (the papers' validation)."""

    calibration_end: str
    holdout_end: str
    customers: int
    actual_purchases: float
    predicted_purchases: float
    by_calibration_frequency: list[dict[str, float]]

    @property
    def relative_error(self) -> float:
        return (self.predicted_purchases - self.actual_purchases) / self.actual_purchases


def holdout_check(
    transactions: pd.DataFrame,
    calibration_end: pd.Timestamp,
    holdout_end: pd.Timestamp,
    fit: ClvFit,
    *,
    customer_col: str = "customer_id",
    time_col: str = "ordered_at",
    value_col: str = "net_revenue",
    max_frequency_bucket: int = 7,
) -> HoldoutCheck:
    """Expected vs actual purchase days in (calibration_end, holdout_end] per customer of the
    calibration summary (customers whose first purchase is in the calibration period)."""
    cal = rfm_summary(
        transactions,
        calibration_end,
        customer_col=customer_col,
        time_col=time_col,
        value_col=value_col,
        unit_days=fit.unit_days,
    )
    tx = transactions[[customer_col, time_col]].copy()
    tx["day"] = pd.to_datetime(tx[time_col]).dt.floor("D")
    start, end = pd.Timestamp(calibration_end).floor("D"), pd.Timestamp(holdout_end).floor("D")
    hold = tx[(tx["day"] > start) & (tx["day"] <= end)].drop_duplicates([customer_col, "day"])
    actual = hold.groupby(customer_col).size().reindex(cal.index).fillna(0).astype("float64")
    t = (end - start) / DAY / fit.unit_days
    bgf = _bg_nbd(fit.bg_nbd)
    pred = pd.Series(
        np.asarray(
            bgf.conditional_expected_number_of_purchases_up_to_time(
                t, cal["frequency"], cal["recency"], cal["T"]
            ),
            dtype="float64",
        ),
        index=cal.index,
    )
    bucket = cal["frequency"].clip(upper=max_frequency_bucket).astype(int)
    by = (
        pd.DataFrame({"bucket": bucket, "actual": actual, "predicted": pred})
        .groupby("bucket")
        .agg(
            customers=("actual", "size"), actual_mean=("actual", "mean"), predicted_mean=("predicted", "mean")
        )
        .reset_index()
    )
    return HoldoutCheck(
        calibration_end=str(start.date()),
        holdout_end=str(end.date()),
        customers=len(cal),
        actual_purchases=float(actual.sum()),
        predicted_purchases=float(pred.sum()),
        by_calibration_frequency=[
            {k: float(v) for k, v in row.items()} for row in by.to_dict(orient="records")
        ],
    )


def load_cdnow_sample_transactions() -> pd.DataFrame:
    """The CDNOW 1/10 sample shipped with `lifetimes` (2,357 customers who first bought in
    Q1 1997, purchases to June 1998): customer_id, ordered_at, net_revenue (USD)."""
    from lifetimes.datasets import load_dataset

    raw = load_dataset(
        "CDNOW_sample.txt",
        header=None,
        sep=r"\s+",
        names=["master_id", "customer_id", "date", "quantity", "amount"],
    )
    return pd.DataFrame(
        {
            "customer_id": raw["customer_id"].astype("int64"),
            "ordered_at": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d"),
            "net_revenue": raw["amount"].astype("float64"),
        }
    )


def load_cdnow_summary() -> pd.DataFrame:
    """The published CDNOW calibration summary (frequency, recency, T in weeks, monetary)."""
    from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value

    return load_cdnow_summary_data_with_monetary_value()
