"""Synthetic raw CX data, shaped like what a Fivetran/Airbyte-style loader lands.

Deterministic for (scale, seed, as_of). Customers are generated in fixed-size chunks, each
from its own random stream, and every child table of a chunk is written (appended) to one
Parquet file per raw table, so memory stays flat as the scale grows. All work is vectorised
with NumPy; nothing loops over rows in Python.

Cause and effect built in (so driver analysis has something to find):
- a late delivery lowers CSAT-after-delivery, NPS, raises ticket volume and churn;
- customers about to churn disengage: their orders and web visits fade over the last months
  of membership;
- ticket transfers raise effort (lower CES), lower NPS and raise churn;
- an error at a journey step makes the visitor likelier to drop off;
- mobile checkout and some payment methods lower CSAT after checkout;
- promoters are more likely to get and pass on referral codes.

The mess real loaders deliver (see DECISIONLOG.md#raw-data-mess): rows delivered twice,
late-arriving rows, nulls, unknown category values, scores out of range or not numeric,
timestamps with mixed UTC offsets or unparseable, and child rows pointing at unknown keys.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cxm import texts

CUSTOMERS_PER_SCALE = 5_000
CHUNK_CUSTOMERS = 25_000
HISTORY_DAYS = 730
DAY = 86_400
HOUR = 3_600

# Every raw table the generator writes: source -> tables. The loader lands each as
# raw_<source>.<table>; dbt declares the same names in models/staging/<source>/.
RAW_TABLES: dict[str, tuple[str, ...]] = {
    "crm": ("customers", "subscriptions"),
    "shop": ("orders", "order_items", "payments", "returns"),
    "logistics": ("deliveries",),
    "surveys": ("invitations", "responses", "followups"),
    "helpdesk": ("tickets", "ticket_events"),
    "web": ("sessions", "events"),
    "referrals": ("codes", "redemptions"),
    "hr": ("pulse_responses",),
}

REGIONS = np.array(["EU-North", "EU-West", "EU-South", "EU-East", "LATAM", "NA"])
REGION_P = np.array([0.12, 0.25, 0.18, 0.17, 0.13, 0.15])
# region -> languages spoken there (first is the most common)
REGION_LANGS = {
    "EU-North": (["fi", "en"], [0.7, 0.3]),
    "EU-West": (["de", "fr", "en"], [0.5, 0.3, 0.2]),
    "EU-South": (["es", "pt"], [0.6, 0.4]),
    "EU-East": (["pl", "ru"], [0.65, 0.35]),
    "LATAM": (["pt", "es"], [0.55, 0.45]),
    "NA": (["en", "es"], [0.85, 0.15]),
}
ACQ_CHANNELS = np.array(["organic", "paid_search", "social", "referral", "partner"])
ACQ_P = np.array([0.35, 0.25, 0.15, 0.15, 0.10])
PLANS = np.array(["basic", "plus", "premium"])
PLAN_FEE = np.array([9.0, 19.0, 39.0])
PRODUCT_LINES = np.array(["electronics", "home", "fashion", "beauty", "sports"])
PRODUCT_PRICE = np.array([180.0, 60.0, 45.0, 25.0, 70.0])
ORDER_CHANNELS = np.array(["web", "app", "marketplace"])
DEVICES = np.array(["desktop", "mobile", "tablet"])
PAYMENT_METHODS = np.array(["card", "paypal", "klarna", "bank_transfer", "blik", "pix"])
PAYMENT_CSAT_EFFECT = np.array([0.0, 0.1, 0.0, -0.5, 0.1, 0.0])
CARRIERS = np.array(["DHL", "UPS", "DPD", "InPost", "PostNord", "Correos"])
CARRIER_LATE_P = np.array([0.08, 0.10, 0.18, 0.06, 0.12, 0.25])
TICKET_CHANNELS = np.array(["email", "chat", "phone", "social"])
ISSUE_TYPES = np.array(["delivery", "payment", "product", "account", "returns"])
PRIORITIES = np.array(["low", "normal", "high", "urgent"])
SURVEY_CHANNELS = np.array(["email", "sms", "in_app"])
JOURNEYS = {
    "checkout": ["cart", "shipping", "payment", "review", "confirmation"],
    "return_request": ["select_order", "reason", "label", "submitted"],
    "account_signup": ["email", "verify", "profile", "done"],
}
TEAMS = np.array(["support", "logistics", "sales", "product"])
UTC_OFFSETS_MIN = np.array([0, 60, 120, 180, -180, -300, 330])
# Disengagement before churn: orders and visits fade over the last FADE_DAYS of membership to
# FADE_FLOOR of the usual rate.
FADE_DAYS = 180
FADE_FLOOR = 0.15


@dataclass(frozen=True)
class GenerateConfig:
    """What to generate: the scale grows every table together; seed and as_of fix the bytes."""

    scale: float = 1.0
    seed: int = 42
    as_of: date = field(default_factory=lambda: datetime.now(UTC).date())
    out_dir: Path = Path("data/raw")
    mess: bool = True

    def __post_init__(self) -> None:
        if not self.scale > 0:
            raise ValueError(f"scale must be greater than 0, got {self.scale}")

    @property
    def n_customers(self) -> int:
        return max(50, round(CUSTOMERS_PER_SCALE * self.scale))


@dataclass
class GenerateResult:
    out_dir: Path
    row_counts: dict[str, int]
    seconds: float


def _ts(seconds: np.ndarray) -> pa.Array:
    """Epoch seconds (float, NaN = null) -> naive UTC timestamp array."""
    s = np.asarray(seconds, dtype="float64")
    mask = np.isnan(s)
    micros = np.where(mask, 0, np.round(s * 1e6)).astype("int64")
    return pa.array(micros, type=pa.timestamp("us"), mask=mask)


def _dates(seconds: np.ndarray) -> pa.Array:
    s = np.asarray(seconds, dtype="float64")
    mask = np.isnan(s)
    days = np.where(mask, 0, np.floor(s / DAY)).astype("int32")
    return pa.array(days, type=pa.date32(), mask=mask)


def _iso_with_offsets(rng: np.random.Generator, seconds: np.ndarray) -> np.ndarray:
    """Format UTC epoch seconds as ISO-8601 strings in mixed local offsets, as webhooks send them.

    Some carry 'Z', some a +hh:mm offset (the local time shifted accordingly), some no offset
    at all (documented as UTC by the sending tool).
    """
    n = len(seconds)
    offsets = UTC_OFFSETS_MIN[rng.integers(0, len(UTC_OFFSETS_MIN), n)]
    local = (np.floor(seconds).astype("int64") + offsets * 60).astype("datetime64[s]")
    base = np.datetime_as_string(local, unit="s")
    style = rng.random(n)
    sign = np.where(offsets < 0, "-", "+")
    hh = np.char.zfill((np.abs(offsets) // 60).astype(str), 2)
    mm = np.char.zfill((np.abs(offsets) % 60).astype(str), 2)
    suffix = np.char.add(np.char.add(np.char.add(sign, hh), ":"), mm)
    out = np.char.add(base, suffix)
    utc_z = np.char.add(
        np.datetime_as_string(np.floor(seconds).astype("int64").astype("datetime64[s]"), unit="s"),
        "Z",
    )
    naive_utc = np.char.replace(
        np.datetime_as_string(np.floor(seconds).astype("int64").astype("datetime64[s]"), unit="s"),
        "T",
        " ",
    )
    out = np.where(style < 0.25, utc_z, out)
    out = np.where((style >= 0.25) & (style < 0.35), naive_utc, out)
    return out.astype(object)


def _choice(rng: np.random.Generator, values: np.ndarray, n: int, p: np.ndarray | None = None) -> np.ndarray:
    return values[rng.choice(len(values), size=n, p=p)]


class _Ids:
    """Sequential id counters shared by all chunks, so ids are unique and deterministic."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, name: str, n: int) -> np.ndarray:
        start = self.next.get(name, 1)
        self.next[name] = start + n
        return np.arange(start, start + n, dtype="int64")


class _Writer:
    """One Parquet file per raw table, appended chunk by chunk."""

    def __init__(self, out_dir: Path, loaded_cap: float) -> None:
        self.out_dir = out_dir
        # A connector cannot have loaded a row after the data set's as-of moment.
        self.loaded_cap = pa.scalar(int(loaded_cap * 1e6), type=pa.timestamp("us"))
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.counts: dict[str, int] = {}

    def write(self, source: str, table: str, data: dict[str, pa.Array | np.ndarray | list]) -> None:
        cols = {k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in data.items()}
        cols["_loaded_at"] = pc.min_element_wise(cols["_loaded_at"], self.loaded_cap)
        tbl = pa.table(cols)
        key = f"{source}.{table}"
        if key not in self.writers:
            path = self.out_dir / source / f"{table}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            self.writers[key] = pq.ParquetWriter(path, tbl.schema, compression="zstd")
        self.writers[key].write_table(tbl)
        self.counts[key] = self.counts.get(key, 0) + tbl.num_rows

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


def _engagement(seconds_to_churn: np.ndarray) -> np.ndarray:
    """Share of a customer's usual orders and visits still made this long before churning.

    1 until FADE_DAYS before the churn, then falling linearly to FADE_FLOOR at the churn;
    1 for customers who do not churn (np.inf).
    """
    days = np.asarray(seconds_to_churn, dtype="float64") / DAY
    return np.clip(FADE_FLOOR + (1 - FADE_FLOOR) * days / FADE_DAYS, FADE_FLOOR, 1.0)


def _mess_rows(
    rng: np.random.Generator,
    data: dict[str, np.ndarray | pa.Array],
    loaded_at: np.ndarray,
    *,
    mess: bool,
    dup_p: float = 0.01,
    late_p: float = 0.02,
) -> tuple[dict[str, np.ndarray | pa.Array], np.ndarray]:
    """Duplicate some rows (a second delivery a little later) and make some arrive late."""
    n = len(loaded_at)
    loaded = loaded_at.copy()
    if not mess or n == 0:
        return data, loaded
    late = rng.random(n) < late_p
    loaded[late] += rng.uniform(1, 10, late.sum()) * DAY
    # a fixed share of rows is delivered twice (the fraction of a row by chance), so even a small
    # table carries the usual mess and not, by bad luck, several times as much
    k = int(np.floor(dup_p * n) + (rng.random() < dup_p * n % 1))
    dup_idx = np.sort(rng.choice(n, size=k, replace=False))
    if len(dup_idx) == 0:
        return data, loaded
    order = np.concatenate([np.arange(n), dup_idx])
    out: dict[str, np.ndarray | pa.Array] = {}
    for k, v in data.items():
        out[k] = v.take(pa.array(order)) if isinstance(v, pa.Array) else v[order]
    dup_loaded = loaded[dup_idx] + rng.uniform(600, 6 * HOUR, len(dup_idx))
    return out, np.concatenate([loaded, dup_loaded])


def _null_some(rng: np.random.Generator, values: np.ndarray, p: float, mess: bool) -> np.ndarray:
    out = values.astype(object)
    if mess:
        out[rng.random(len(out)) < p] = None
    return out


def _unknown_some(
    rng: np.random.Generator, values: np.ndarray, p: float, unknown: list[str], mess: bool
) -> np.ndarray:
    out = values.astype(object)
    if mess:
        idx = np.flatnonzero(rng.random(len(out)) < p)
        out[idx] = np.array(unknown, dtype=object)[rng.integers(0, len(unknown), len(idx))]
    return out


def _comments(
    rng: np.random.Generator, lang: np.ndarray, topic_idx: np.ndarray, tone: np.ndarray, mess: bool
) -> np.ndarray:
    """tone: -1 negative, 0 neutral, 1 positive. Returns an object array of sentences."""
    n = len(lang)
    out = np.empty(n, dtype=object)
    for lg in texts.LANGUAGES:
        in_lang = lang == lg
        if not in_lang.any():
            continue
        pos = np.array([texts.PHRASES[lg][t][0] for t in texts.TOPICS], dtype=object)
        neg = np.array([texts.PHRASES[lg][t][1] for t in texts.TOPICS], dtype=object)
        sel = np.flatnonzero(in_lang)
        t = topic_idx[sel]
        out[sel] = np.where(tone[sel] > 0, pos[t], np.where(tone[sel] < 0, neg[t], texts.NEUTRAL[lg]))
    if mess:
        # Customers write contact details into free text (PII that must be masked later).
        pii = np.flatnonzero(rng.random(n) < 0.02)
        half = len(pii) // 2
        out[pii[:half]] = out[pii[:half]] + " Call me on +48 601 234 567."
        out[pii[half:]] = out[pii[half:]] + " Write to jane.doe@example.com please."
    return out


class _ChunkState(SimpleNamespace):
    """What one chunk's steps share: the inputs (cfg, rng, ids, w, n_cust) and the arrays drawn so far."""


def _draw_customers(st: _ChunkState) -> None:
    """The customers: region, language, acquisition, spending, satisfaction, identity."""
    st.mess = st.cfg.mess
    st.as_of = datetime(st.cfg.as_of.year, st.cfg.as_of.month, st.cfg.as_of.day, tzinfo=UTC).timestamp()
    st.start = st.as_of - HISTORY_DAYS * DAY

    # ---------------------------------------------------------------- customers
    st.cust_id = st.ids.take("customer", st.n_cust)
    st.region_idx = st.rng.choice(len(REGIONS), st.n_cust, p=REGION_P)
    st.region = REGIONS[st.region_idx]
    st.lang = np.empty(st.n_cust, dtype=object)
    for r, (langs, p) in REGION_LANGS.items():
        st.sel = st.region == r
        st.lang[st.sel] = np.array(langs)[st.rng.choice(len(langs), st.sel.sum(), p=p)]
    st.acq = _choice(st.rng, ACQ_CHANNELS, st.n_cust, ACQ_P)
    st.signup = st.rng.uniform(st.start - 365 * DAY, st.as_of - 2 * DAY, st.n_cust)
    st.spend = st.rng.lognormal(0, 0.6, st.n_cust)  # spending propensity
    st.order_rate = st.rng.gamma(2.0, 1.2, st.n_cust)  # orders per year
    st.sat = st.rng.normal(0, 1, st.n_cust)  # latent satisfaction
    tier_cut = np.quantile(st.spend * st.order_rate, [0.5, 0.8, 0.95]) if st.n_cust > 20 else [1, 2, 3]
    st.tier = np.array(["bronze", "silver", "gold", "platinum"])[
        np.searchsorted(tier_cut, st.spend * st.order_rate)
    ]
    first = np.array(["Anna", "Jan", "Maria", "João", "Lucía", "Hans", "Aino", "Olga", "Marie", "John"])
    last = np.array(["Nowak", "Silva", "García", "Müller", "Virtanen", "Ivanova", "Martin", "Smith"])
    st.fn = first[st.rng.integers(0, len(first), st.n_cust)]
    st.ln = last[st.rng.integers(0, len(last), st.n_cust)]
    cid_s = st.cust_id.astype(str)
    st.email = np.char.add(np.char.add(np.char.lower(st.fn.astype(str)), "."), cid_s)
    st.email = np.char.add(st.email, "@example.com")
    st.phone = np.char.add("+1555", np.char.zfill((st.cust_id % 10_000_000).astype(str), 7))


def _draw_orders(st: _ChunkState) -> None:
    """Orders, their deliveries (late by carrier) and returns (likelier when late)."""
    # ---------------------------------------------------------------- orders
    st.active_years = (st.as_of - st.signup) / (365 * DAY)
    n_orders_c = st.rng.poisson(st.order_rate * np.clip(st.active_years, 0.02, None))
    st.o_cust = np.repeat(np.arange(st.n_cust), n_orders_c)
    st.n_o = len(st.o_cust)
    st.o_time = st.signup[st.o_cust] + st.rng.random(st.n_o) * (st.as_of - st.signup[st.o_cust])
    st.o_channel = _choice(st.rng, ORDER_CHANNELS, st.n_o, np.array([0.5, 0.4, 0.1]))
    st.o_device = np.where(
        st.o_channel == "app", "mobile", _choice(st.rng, DEVICES, st.n_o, np.array([0.55, 0.35, 0.10]))
    )
    st.o_pay_idx = st.rng.choice(len(PAYMENT_METHODS), st.n_o, p=[0.45, 0.2, 0.1, 0.1, 0.08, 0.07])
    st.o_cancel = st.rng.random(st.n_o) < 0.04

    # deliveries (one per non-cancelled order)
    st.carrier_idx = (st.region_idx * 7 + st.rng.integers(0, 3, st.n_cust))[st.o_cust] % len(CARRIERS)
    st.shipped = st.o_time + st.rng.uniform(0.1, 2.0, st.n_o) * DAY
    st.promised_day = np.floor((st.o_time + st.rng.integers(3, 6, st.n_o) * DAY) / DAY) * DAY + DAY - 1
    st.late = st.rng.random(st.n_o) < CARRIER_LATE_P[st.carrier_idx]
    st.delay_days = np.where(st.late, st.rng.geometric(0.35, st.n_o), 0)
    st.delivered = np.where(
        st.late,
        st.promised_day - DAY + 1 + st.delay_days * DAY + st.rng.uniform(8, 20, st.n_o) * HOUR,
        np.minimum(
            st.shipped + st.rng.uniform(0.6, 3.5, st.n_o) * DAY,
            st.promised_day - st.rng.uniform(1, 10, st.n_o) * HOUR,
        ),
    )
    st.lost = st.rng.random(st.n_o) < 0.005
    in_transit = st.delivered > st.as_of
    st.delivered = np.where(st.lost | in_transit | st.o_cancel, np.nan, st.delivered)

    # returns: more likely when late
    st.has_return = (~np.isnan(st.delivered)) & (st.rng.random(st.n_o) < np.where(st.late, 0.14, 0.06))
    st.ret_req = st.delivered + st.rng.uniform(2, 20, st.n_o) * DAY
    st.ret_done = st.ret_req + st.rng.uniform(3, 10, st.n_o) * DAY
    st.has_return &= st.ret_req < st.as_of
    st.ret_done = np.where(st.ret_done < st.as_of, st.ret_done, np.nan)


def _draw_tickets_and_churn(st: _ChunkState) -> None:
    """Support tickets (more after late deliveries) and churn (hazard raised by both)."""
    # ---------------------------------------------------------------- tickets
    st.late_per_c = np.bincount(st.o_cust, weights=st.late & ~st.o_cancel, minlength=st.n_cust)
    base_t = st.rng.poisson(0.5 * np.clip(st.active_years, 0.02, None))
    late_t = st.rng.binomial(st.late_per_c.astype(int), 0.4)
    n_t_c = base_t + late_t
    st.t_cust = np.repeat(np.arange(st.n_cust), n_t_c)
    n_t = len(st.t_cust)
    # which tickets were caused by a late delivery: the last late_t of each customer's tickets
    rank_in_c = np.arange(n_t) - np.repeat(np.cumsum(n_t_c) - n_t_c, n_t_c)
    t_is_late = rank_in_c >= np.repeat(base_t, n_t_c)
    st.t_created = np.where(
        t_is_late,
        np.nan,
        st.signup[st.t_cust] + st.rng.random(n_t) * (st.as_of - st.signup[st.t_cust]),
    )
    # late-delivery tickets: attach to a random late order of the customer, near its promise date
    late_orders = np.flatnonzero(st.late & ~st.o_cancel)
    st.t_order = np.full(n_t, -1, dtype="int64")
    if len(late_orders) and t_is_late.any():
        lo_cust = st.o_cust[late_orders]
        sort = np.argsort(lo_cust, kind="stable")
        lo_sorted, lo_c_sorted = late_orders[sort], lo_cust[sort]
        first_pos = np.searchsorted(lo_c_sorted, st.t_cust[t_is_late], side="left")
        cnt = np.searchsorted(lo_c_sorted, st.t_cust[t_is_late], side="right") - first_pos
        st.pick = lo_sorted[first_pos + (st.rng.random(t_is_late.sum()) * np.maximum(cnt, 1)).astype(int)]
        st.t_order[t_is_late] = st.pick
        st.t_created[t_is_late] = st.promised_day[st.pick] + st.rng.uniform(2, 30, len(st.pick)) * HOUR
    t_channel_idx = st.rng.choice(len(TICKET_CHANNELS), n_t, p=[0.4, 0.35, 0.2, 0.05])
    st.t_channel = TICKET_CHANNELS[t_channel_idx]
    st.t_issue = np.where(
        t_is_late, "delivery", _choice(st.rng, ISSUE_TYPES, n_t, np.array([0.2, 0.2, 0.3, 0.15, 0.15]))
    )
    st.t_priority = _choice(st.rng, PRIORITIES, n_t, np.array([0.3, 0.5, 0.15, 0.05]))
    st.transfers = st.rng.poisson(
        np.where(st.t_channel == "phone", 0.7, 0.25) + np.where(st.t_issue == "payment", 0.3, 0)
    )
    st.frt = np.where(
        st.t_channel == "chat",
        st.rng.lognormal(np.log(120), 0.8, n_t),
        np.where(
            st.t_channel == "phone",
            st.rng.lognormal(np.log(60), 0.5, n_t),
            st.rng.lognormal(np.log(5 * HOUR), 1.0, n_t),
        ),
    ) + st.transfers * st.rng.uniform(120, 1800, n_t)
    st.extra_rounds = st.rng.poisson(0.6 + 0.5 * st.transfers)
    resolve_after = (
        st.frt
        + st.extra_rounds * st.rng.lognormal(np.log(6 * HOUR), 0.8, n_t)
        + st.rng.uniform(60, 3600, n_t)
    )
    st.reopened = st.rng.random(n_t) < 0.08
    st.solved_at = st.t_created + resolve_after
    st.reopen_at = st.solved_at + st.rng.uniform(0.5, 12, n_t) * DAY
    st.resolved_again = st.reopen_at + st.rng.lognormal(np.log(8 * HOUR), 0.6, n_t)
    st.open_now = st.solved_at > st.as_of
    st.reopened &= (~st.open_now) & (st.resolved_again < st.as_of)
    st.t_status = np.where(st.open_now, "open", "solved")
    st.t_id = st.ids.take("ticket", n_t)
    st.t_transfers_per_c = np.bincount(st.t_cust, weights=st.transfers, minlength=st.n_cust)

    # churn: hazard raised by late deliveries and transfers
    hazard = 0.18 * np.exp(0.35 * st.late_per_c + 0.25 * st.t_transfers_per_c - 0.3 * st.sat)
    st.churn_time = st.signup + st.rng.exponential(1.0 / hazard) * 365 * DAY
    st.churned = st.churn_time < st.as_of

    # drop what happens after churn (a churned customer does not order or open tickets)
    st.keep_o = st.o_time < np.where(st.churned, st.churn_time, np.inf)[st.o_cust]
    st.keep_t = st.t_created < np.where(st.churned, st.churn_time + 3 * DAY, np.inf)[st.t_cust]
    # disengagement: in the months before they leave, customers order (and visit) less. Drawn
    # from a stream of its own, so the effect can be tuned without touching the other draws.
    st.fade_rng = st.rng.spawn(1)[0]
    st.keep_o &= st.fade_rng.random(st.n_o) < _engagement(
        np.where(st.churned, st.churn_time, np.inf)[st.o_cust] - st.o_time
    )


def _write_crm(st: _ChunkState) -> None:
    """Crm: customers and subscriptions."""
    # ---------------------------------------------------------------- write: crm
    c_updated = st.signup + st.rng.uniform(0, 30, st.n_cust) * DAY
    c_updated = np.minimum(c_updated, st.as_of - 1)
    cust_loaded = c_updated + st.rng.uniform(0.1, 6, st.n_cust) * HOUR
    cust = {
        "id": st.cust_id,
        "full_name": np.char.add(np.char.add(st.fn.astype(str), " "), st.ln.astype(str)).astype(object),
        "email": _null_some(st.rng, st.email, 0.01, st.mess),
        "phone": _null_some(st.rng, st.phone, 0.05, st.mess),
        "region": _unknown_some(
            st.rng, _null_some(st.rng, st.region, 0.01, st.mess), 0.005, ["eu_west ", "APAC"], st.mess
        ),
        "language": _unknown_some(st.rng, st.lang, 0.01, ["PT-br", "EN", "xx"], st.mess),
        "acquisition_channel": st.acq.astype(object),
        "value_tier": st.tier.astype(object),
        "created_at": _ts(st.signup),
        "updated_at": _ts(c_updated),
    }
    cust, cust_loaded = _mess_rows(st.rng, cust, cust_loaded, mess=st.mess)
    if len(cust_loaded) > st.n_cust:
        # A second delivery of a customer is an update: later updated_at, sometimes a new tier.
        redelivered = np.arange(st.n_cust, len(cust_loaded))
        bump = st.rng.uniform(1, 30, len(redelivered)) * DAY
        upd = cust["updated_at"].to_numpy(zero_copy_only=False).astype("datetime64[us]").astype("int64") / 1e6
        upd[redelivered] = np.minimum(upd[redelivered] + bump, st.as_of - 1)
        cust["updated_at"] = _ts(upd)
        cust_loaded[redelivered] = np.maximum(cust_loaded[redelivered], upd[redelivered] + HOUR)
        tiers = cust["value_tier"].copy()
        retier = redelivered[st.rng.random(len(redelivered)) < 0.5]
        tiers[retier] = np.array(["bronze", "silver", "gold", "platinum"], dtype=object)[
            st.rng.integers(0, 4, len(retier))
        ]
        cust["value_tier"] = tiers
    cust["_loaded_at"] = _ts(cust_loaded)
    st.w.write("crm", "customers", cust)

    # subscriptions: one per customer, plus a comeback for some churned customers
    plan_idx = np.clip(np.searchsorted([0.6, 0.9], st.rng.random(st.n_cust)) + (st.tier == "platinum"), 0, 2)
    comeback = st.churned & (st.rng.random(st.n_cust) < 0.12) & (st.churn_time + 60 * DAY < st.as_of)
    sub_cust = np.concatenate([np.arange(st.n_cust), np.flatnonzero(comeback)])
    sub_start = np.concatenate(
        [st.signup, st.churn_time[comeback] + st.rng.uniform(30, 60, comeback.sum()) * DAY]
    )
    sub_end = np.concatenate([np.where(st.churned, st.churn_time, np.nan), np.full(comeback.sum(), np.nan)])
    n_s = len(sub_cust)
    term_days = np.where(st.rng.random(n_s) < 0.7, 30, 365)
    renewals = np.floor(
        (np.where(np.isnan(sub_end), st.as_of, sub_end) - sub_start) / (term_days * DAY)
    ).astype(int)
    sub_loaded = np.where(np.isnan(sub_end), sub_start, sub_end) + st.rng.uniform(0.1, 6, n_s) * HOUR
    subs = {
        "id": st.ids.take("subscription", n_s),
        "customer_id": st.cust_id[sub_cust],
        "plan": PLANS[plan_idx[sub_cust]].astype(object),
        "monthly_fee": PLAN_FEE[plan_idx[sub_cust]],
        "billing_period_days": term_days,
        "started_at": _ts(sub_start),
        "cancelled_at": _ts(sub_end),
        "renewal_count": np.maximum(renewals, 0),
        "status": np.where(np.isnan(sub_end), "active", "cancelled").astype(object),
    }
    subs, sub_loaded = _mess_rows(st.rng, subs, sub_loaded, mess=st.mess)
    subs["_loaded_at"] = _ts(sub_loaded)
    st.w.write("crm", "subscriptions", subs)


def _write_orders(st: _ChunkState) -> None:
    """Shop: orders and order items (what happens after churn is dropped)."""
    # ---------------------------------------------------------------- write: shop
    st.oi = np.flatnonzero(st.keep_o)
    st.n_ok = len(st.oi)
    st.order_id = st.ids.take("order", st.n_ok)
    st.order_id_full = np.full(st.n_o, -1, dtype="int64")
    st.order_id_full[st.oi] = st.order_id
    n_items = st.rng.integers(1, 5, st.n_ok)
    it_order = np.repeat(np.arange(st.n_ok), n_items)
    n_it = len(it_order)
    pl_idx = st.rng.choice(len(PRODUCT_LINES), n_it, p=[0.2, 0.25, 0.25, 0.15, 0.15])
    qty = st.rng.integers(1, 4, n_it)
    unit_price = np.round(
        PRODUCT_PRICE[pl_idx] * st.spend[st.o_cust[st.oi]][it_order] * st.rng.uniform(0.5, 1.5, n_it), 2
    )
    st.order_total = np.bincount(it_order, weights=qty * unit_price, minlength=st.n_ok)
    status = np.where(
        st.o_cancel[st.oi], "cancelled", np.where(st.has_return[st.oi], "returned", "completed")
    )
    o_loaded = st.o_time[st.oi] + st.rng.uniform(0.05, 3, st.n_ok) * HOUR
    orders = {
        "id": st.order_id,
        "customer_id": st.cust_id[st.o_cust[st.oi]],
        "ordered_at": _ts(st.o_time[st.oi]),
        "status": status.astype(object),
        "sales_channel": _unknown_some(st.rng, st.o_channel[st.oi], 0.003, ["kiosk"], st.mess),
        "device": _null_some(st.rng, st.o_device[st.oi], 0.01, st.mess),
        "currency": np.full(st.n_ok, "EUR", dtype=object),
        "total_amount": np.round(st.order_total, 2),
    }
    orders, o_loaded2 = _mess_rows(st.rng, orders, o_loaded, mess=st.mess)
    orders["_loaded_at"] = _ts(o_loaded2)
    st.w.write("shop", "orders", orders)

    st.items = {
        "id": st.ids.take("order_item", n_it),
        "order_id": st.order_id[it_order],
        "product_line": PRODUCT_LINES[pl_idx].astype(object),
        "sku": np.char.add(
            np.char.add(PRODUCT_LINES[pl_idx], "-"), st.rng.integers(100, 999, n_it).astype(str)
        ).astype(object),
        "quantity": qty,
        "unit_price": unit_price,
    }
    it_loaded = o_loaded[it_order] + st.rng.uniform(0, 60, n_it)
    st.items, it_loaded = _mess_rows(st.rng, st.items, it_loaded, mess=st.mess)
    st.items["_loaded_at"] = _ts(it_loaded)
    st.w.write("shop", "order_items", st.items)


def _write_payments_and_returns(st: _ChunkState) -> None:
    """Shop: payments (some fail first) and returns."""
    pay_failed_first = st.rng.random(st.n_ok) < 0.03
    p_order = np.concatenate([np.arange(st.n_ok), np.flatnonzero(pay_failed_first)])
    p_status = np.concatenate(
        [
            np.where(pay_failed_first, "failed", "succeeded"),
            np.full(pay_failed_first.sum(), "succeeded"),
        ]
    )
    p_time = st.o_time[st.oi][p_order] + np.concatenate(
        [np.zeros(st.n_ok), st.rng.uniform(60, 900, pay_failed_first.sum())]
    )
    n_p = len(p_order)
    payments = {
        "id": st.ids.take("payment", n_p),
        "order_id": st.order_id[p_order],
        "payment_method": _unknown_some(
            st.rng, PAYMENT_METHODS[st.o_pay_idx[st.oi][p_order]], 0.003, ["crypto"], st.mess
        ),
        "amount": np.round(st.order_total[p_order], 2),
        "status": p_status.astype(object),
        "created_at": _ts(p_time),
    }
    p_loaded = p_time + st.rng.uniform(0.05, 3, n_p) * HOUR
    payments, p_loaded = _mess_rows(st.rng, payments, p_loaded, mess=st.mess)
    payments["_loaded_at"] = _ts(p_loaded)
    st.w.write("shop", "payments", payments)

    st.ri = st.oi[st.has_return[st.oi]]
    st.n_r = len(st.ri)
    returns = {
        "id": st.ids.take("return", st.n_r),
        "order_id": st.order_id_full[st.ri],
        "reason": _choice(
            st.rng, np.array(["damaged", "late", "not_as_described", "changed_mind"]), st.n_r
        ).astype(object),
        "requested_at": _ts(st.ret_req[st.ri]),
        "completed_at": _ts(st.ret_done[st.ri]),
    }
    returns["reason"] = np.where(
        st.late[st.ri] & (st.rng.random(st.n_r) < 0.5), "late", returns["reason"]
    ).astype(object)
    r_loaded = (
        np.where(np.isnan(st.ret_done[st.ri]), st.ret_req[st.ri], st.ret_done[st.ri])
        + st.rng.uniform(0.1, 6, st.n_r) * HOUR
    )
    returns, r_loaded = _mess_rows(st.rng, returns, r_loaded, mess=st.mess)
    returns["_loaded_at"] = _ts(r_loaded)
    st.w.write("shop", "returns", returns)


def _write_logistics(st: _ChunkState) -> None:
    """Logistics: deliveries."""
    # ---------------------------------------------------------------- write: logistics
    di = st.oi[~st.o_cancel[st.oi] & (st.shipped[st.oi] < st.as_of)]  # not yet shipped: no delivery row yet
    n_d = len(di)
    d_status = np.where(st.lost[di], "lost", np.where(np.isnan(st.delivered[di]), "in_transit", "delivered"))
    deliveries = {
        "id": st.ids.take("delivery", n_d),
        "order_id": st.order_id_full[di],
        "carrier": _unknown_some(
            st.rng, CARRIERS[st.carrier_idx[di]], 0.003, ["dhl express", "Unknown Courier"], st.mess
        ),
        "shipped_at": _ts(st.shipped[di]),
        "promised_date": _dates(st.promised_day[di]),
        "delivered_at": _ts(st.delivered[di]),
        "status": d_status.astype(object),
    }
    d_loaded = (
        np.where(np.isnan(st.delivered[di]), st.shipped[di], st.delivered[di])
        + st.rng.uniform(0.1, 8, n_d) * HOUR
    )
    deliveries, d_loaded = _mess_rows(st.rng, deliveries, d_loaded, mess=st.mess)
    deliveries["_loaded_at"] = _ts(d_loaded)
    st.w.write("logistics", "deliveries", deliveries)


def _write_tickets(st: _ChunkState) -> None:
    """Helpdesk: tickets."""
    # ---------------------------------------------------------------- write: helpdesk
    st.ti = np.flatnonzero(st.keep_t & (st.t_created < st.as_of))
    st.n_tk = len(st.ti)
    st.tk_id = st.t_id[st.ti]
    tickets = {
        "id": st.tk_id,
        "requester_id": st.cust_id[st.t_cust[st.ti]],
        "channel": _unknown_some(st.rng, st.t_channel[st.ti], 0.003, ["whatsapp"], st.mess),
        "issue_type": _null_some(st.rng, st.t_issue[st.ti], 0.02, st.mess),
        "priority": st.t_priority[st.ti].astype(object),
        "status": st.t_status[st.ti].astype(object),
        "order_id": np.where(st.t_order[st.ti] >= 0, st.order_id_full[np.maximum(st.t_order[st.ti], 0)], -1),
        "subject": np.char.add("Issue with ", st.t_issue[st.ti]).astype(object),
        "created_at": _ts(st.t_created[st.ti]),
        "updated_at": _ts(
            np.where(
                st.reopened[st.ti],
                st.resolved_again[st.ti],
                np.where(st.open_now[st.ti], st.t_created[st.ti], st.solved_at[st.ti]),
            )
        ),
    }
    tickets["order_id"] = pa.array(tickets["order_id"], mask=tickets["order_id"] < 0)
    tk_loaded = np.minimum(
        np.where(
            st.open_now[st.ti],
            st.t_created[st.ti],
            np.where(st.reopened[st.ti], st.resolved_again[st.ti], st.solved_at[st.ti]),
        )
        + st.rng.uniform(0.05, 2, st.n_tk) * HOUR,
        st.as_of + 6 * HOUR,
    )
    tickets, tk_loaded = _mess_rows(st.rng, tickets, tk_loaded, mess=st.mess)
    tickets["_loaded_at"] = _ts(tk_loaded)
    st.w.write("helpdesk", "tickets", tickets)


def _draw_ticket_events(st: _ChunkState) -> None:
    """Helpdesk: the events of each ticket (messages, transfers, solves, reopens)."""
    # ticket events: message_in, transfers, first reply, extra rounds, solved, reopen cycle
    st.agents = max(10, round(50 * np.sqrt(st.cfg.scale)))
    tc = st.t_created[st.ti]
    st.tr = st.transfers[st.ti]
    ex = st.extra_rounds[st.ti]
    st.parts: list[tuple[np.ndarray, np.ndarray, str, str]] = []  # (ticket_pos, time, type, author)
    pos = np.arange(st.n_tk)
    st.parts.append((pos, tc, "message_in", "customer"))
    tr_pos = np.repeat(pos, st.tr)
    tr_k = np.arange(len(tr_pos)) - np.repeat(np.cumsum(st.tr) - st.tr, st.tr)
    st.parts.append(
        (
            tr_pos,
            tc[tr_pos] + (tr_k + 1) * (st.frt[st.ti][tr_pos] / (st.tr[tr_pos] + 1)),
            "transfer",
            "agent",
        )
    )
    answered = tc + st.frt[st.ti] < st.as_of
    st.parts.append((pos[answered], (tc + st.frt[st.ti])[answered], "message_out", "agent"))
    ex_pos = np.repeat(pos[answered], ex[answered])
    span = (st.solved_at[st.ti] - tc - st.frt[st.ti])[ex_pos]
    k = np.arange(len(ex_pos)) - np.repeat(np.cumsum(ex[answered]) - ex[answered], ex[answered])
    t_in = tc[ex_pos] + st.frt[st.ti][ex_pos] + span * (k + 0.4) / (ex[ex_pos] + 1)
    st.parts.append((ex_pos, t_in, "message_in", "customer"))
    st.parts.append((ex_pos, t_in + span * 0.3 / (ex[ex_pos] + 1), "message_out", "agent"))
    solved = ~st.open_now[st.ti]
    st.parts.append((pos[solved], st.solved_at[st.ti][solved], "status_solved", "agent"))
    ro = st.reopened[st.ti]
    st.parts.append((pos[ro], st.reopen_at[st.ti][ro], "message_in", "customer"))
    st.parts.append((pos[ro], st.reopen_at[st.ti][ro] + 1, "status_reopened", "system"))
    st.parts.append(
        (
            pos[ro],
            (st.reopen_at[st.ti] + (st.resolved_again[st.ti] - st.reopen_at[st.ti]) * 0.5)[ro],
            "message_out",
            "agent",
        )
    )
    st.parts.append((pos[ro], st.resolved_again[st.ti][ro], "status_solved", "agent"))


def _write_ticket_events(st: _ChunkState) -> None:
    """Helpdesk: ticket events up to the as-of moment, with their message bodies."""
    # events that would happen after the as-of moment have not happened yet
    st.parts = [(p[0][p[1] < st.as_of], p[1][p[1] < st.as_of], p[2], p[3]) for p in st.parts]
    ev_pos = np.concatenate([p[0] for p in st.parts])
    ev_time = np.concatenate([p[1] for p in st.parts])
    ev_type = np.concatenate([np.full(len(p[0]), p[2], dtype=object) for p in st.parts])
    ev_author = np.concatenate([np.full(len(p[0]), p[3], dtype=object) for p in st.parts])
    st.order = np.lexsort((ev_time, ev_pos))
    ev_pos, ev_time, ev_type, ev_author = (
        ev_pos[st.order],
        ev_time[st.order],
        ev_type[st.order],
        ev_author[st.order],
    )
    n_ev = len(ev_pos)
    ev_kind = np.where(np.char.startswith(ev_type.astype(str), "status_"), "status_change", ev_type).astype(
        object
    )
    new_status = np.where(
        ev_kind == "status_change", np.char.replace(ev_type.astype(str), "status_", ""), None
    ).astype(object)
    agent_id = np.where(ev_author == "agent", st.rng.integers(1, st.agents + 1, n_ev), -1)
    t_lang = st.lang[st.t_cust[st.ti]][ev_pos]
    # topic of the customer's words: the issue type, or support itself once they were transferred
    issue_topic = {"delivery": 0, "payment": 1, "product": 2, "account": 5, "returns": 2}
    body_topic = np.zeros(n_ev, dtype=int)
    for issue, st.topic in issue_topic.items():
        body_topic[st.t_issue[st.ti][ev_pos] == issue] = st.topic
    body_topic = np.where(st.tr[ev_pos] > 0, 3, body_topic)
    body = np.where(
        ev_kind == "message_in",
        _comments(st.rng, t_lang, body_topic, np.full(n_ev, -1), st.mess),
        np.where(ev_kind == "message_out", "Thanks for reaching out, we are looking into it.", None),
    ).astype(object)
    ev_tid = st.tk_id[ev_pos]
    ev_created = _iso_with_offsets(st.rng, ev_time)
    if st.mess:
        st.bad = st.rng.random(n_ev) < 0.002
        ev_created[st.bad] = np.array(["not a date", "2024-13-45T25:61:00", ""], dtype=object)[
            st.rng.integers(0, 3, st.bad.sum())
        ]
        st.orphan = st.rng.random(n_ev) < 0.002
        ev_tid = np.where(st.orphan, ev_tid + 900_000_000, ev_tid)
    events = {
        "id": st.ids.take("ticket_event", n_ev),
        "ticket_id": ev_tid,
        "event_type": ev_kind,
        "author_type": ev_author,
        "agent_id": pa.array(agent_id, mask=agent_id < 0),
        "new_status": new_status,
        "body": body,
        "created_at": ev_created,
    }
    ev_loaded = np.minimum(ev_time + st.rng.uniform(60, 2 * HOUR, n_ev), st.as_of + 6 * HOUR)
    events, ev_loaded = _mess_rows(st.rng, events, ev_loaded, mess=st.mess)
    events["_loaded_at"] = _ts(ev_loaded)
    st.w.write("helpdesk", "ticket_events", events)


def _draw_interaction_surveys(st: _ChunkState) -> None:
    """Surveys after an interaction: CSAT, transactional NPS, CES."""
    # ---------------------------------------------------------------- write: surveys
    st.inv_parts: list[dict[str, np.ndarray]] = []
    # csat after checkout: 30% of orders
    st.sel = np.flatnonzero(st.rng.random(st.n_ok) < 0.30)
    oo = st.oi[st.sel]
    st.mu = (
        0.6 * st.sat[st.o_cust[oo]]
        + PAYMENT_CSAT_EFFECT[st.o_pay_idx[oo]]
        - 0.4 * (st.o_device[oo] == "mobile")
    )
    st.inv_parts.append(
        dict(
            c=st.o_cust[oo],
            t=st.o_time[oo] + st.rng.uniform(0.1, 2, len(oo)) * HOUR,
            kind=np.full(len(oo), 0),
            order=st.order_id[st.sel],
            ticket=np.full(len(oo), -1),
            mu=st.mu,
            topic=np.where(st.o_device[oo] == "mobile", 5, 1),
        )
    )
    # csat after delivery: 40% of delivered orders
    dl = st.oi[~np.isnan(st.delivered[st.oi])]
    dl = dl[st.rng.random(len(dl)) < 0.40]
    st.mu = 0.6 * st.sat[st.o_cust[dl]] - 1.3 * st.late[dl] - 0.15 * st.delay_days[dl] + 0.5
    st.inv_parts.append(
        dict(
            c=st.o_cust[dl],
            t=st.delivered[dl] + st.rng.uniform(2, 30, len(dl)) * HOUR,
            kind=np.full(len(dl), 1),
            order=st.order_id_full[dl],
            ticket=np.full(len(dl), -1),
            mu=st.mu,
            topic=np.where(st.late[dl], 0, 2),
        )
    )
    # transactional NPS after a completed return
    rr = st.ri[~np.isnan(st.ret_done[st.ri])]
    rr = rr[st.rng.random(len(rr)) < 0.6]
    st.mu = 0.6 * st.sat[st.o_cust[rr]] - 0.8 * st.late[rr] - 0.2
    st.inv_parts.append(
        dict(
            c=st.o_cust[rr],
            t=st.ret_done[rr] + st.rng.uniform(1, 24, len(rr)) * HOUR,
            kind=np.full(len(rr), 2),
            order=st.order_id_full[rr],
            ticket=np.full(len(rr), -1),
            mu=st.mu,
            topic=np.where(st.late[rr], 0, 2),
        )
    )
    # CES after a solved chat ticket
    ch = st.ti[(st.t_channel[st.ti] == "chat") & ~st.open_now[st.ti]]
    ch = ch[st.rng.random(len(ch)) < 0.5]
    st.mu = 0.4 * st.sat[st.t_cust[ch]] - 0.7 * st.transfers[ch] - 0.3 * st.reopened[ch] + 0.6
    st.inv_parts.append(
        dict(
            c=st.t_cust[ch],
            t=st.solved_at[ch] + st.rng.uniform(0.1, 4, len(ch)) * HOUR,
            kind=np.full(len(ch), 3),
            order=np.full(len(ch), -1),
            ticket=st.t_id[ch],
            mu=st.mu,
            topic=np.full(len(ch), 3),
        )
    )


def _draw_relationship_surveys(st: _ChunkState) -> None:
    """Relationship NPS invitations: a monthly wave to the active customers."""
    # relationship NPS: continuous sampling, a monthly wave to 8% of the active customers
    wave_times = np.arange(st.start + 15 * DAY, st.as_of, 30.4 * DAY)
    for wt in wave_times:
        act = (st.signup < wt - 30 * DAY) & ~(st.churned & (st.churn_time < wt))
        cs = np.flatnonzero(act & (st.rng.random(st.n_cust) < 0.08))
        st.mu = 0.8 * st.sat[cs] - 0.45 * st.late_per_c[cs] - 0.35 * st.t_transfers_per_c[cs] + 0.6
        st.topic = np.where(
            st.late_per_c[cs] > 0,
            0,
            np.where(st.t_transfers_per_c[cs] > 0, 3, st.rng.integers(0, 6, len(cs))),
        )
        st.inv_parts.append(
            dict(
                c=cs,
                t=wt + st.rng.uniform(0, 5, len(cs)) * DAY,
                kind=np.full(len(cs), 4),
                order=np.full(len(cs), -1),
                ticket=np.full(len(cs), -1),
                mu=st.mu,
                topic=st.topic,
            )
        )
    st.inv = {k: np.concatenate([p[k] for p in st.inv_parts]) for k in st.inv_parts[0]}
    inv_keep = st.inv["t"] < st.as_of
    st.inv = {k: v[inv_keep] for k, v in st.inv.items()}
    st.n_inv = len(st.inv["c"])
    kinds = np.array(
        [
            "csat_checkout",
            "csat_delivery",
            "transactional_nps_return",
            "ces_chat",
            "relationship_nps",
        ]
    )
    touch = np.array(["checkout", "delivery", "return", "support_chat", "brand"])
    st.question = np.array(["csat_1_5", "csat_1_5", "nps_0_10", "ces_1_7", "nps_0_10"])
    st.inv_id = st.ids.take("invitation", st.n_inv)
    st.inv_channel = np.where(
        st.inv["kind"] == 3, "in_app", _choice(st.rng, SURVEY_CHANNELS, st.n_inv, np.array([0.6, 0.2, 0.2]))
    )
    invitations = {
        "id": st.inv_id,
        "customer_id": st.cust_id[st.inv["c"]],
        "survey_type": kinds[st.inv["kind"]].astype(object),
        "touchpoint": touch[st.inv["kind"]].astype(object),
        "channel": _unknown_some(st.rng, st.inv_channel, 0.003, ["fax"], st.mess),
        "order_id": pa.array(st.inv["order"], mask=st.inv["order"] < 0),
        "ticket_id": pa.array(st.inv["ticket"], mask=st.inv["ticket"] < 0),
        "sent_at": _ts(st.inv["t"]),
    }
    inv_loaded = st.inv["t"] + st.rng.uniform(0.05, 2, st.n_inv) * HOUR
    invitations, inv_loaded2 = _mess_rows(st.rng, invitations, inv_loaded, mess=st.mess)
    invitations["_loaded_at"] = _ts(inv_loaded2)
    st.w.write("surveys", "invitations", invitations)


def _write_survey_responses(st: _ChunkState) -> None:
    """Surveys: invitations and responses (fatigue lowers the response rate)."""
    # responses: fatigue -> response rate depends on channel and survey
    resp_p = np.where(st.inv_channel == "in_app", 0.45, np.where(st.inv_channel == "sms", 0.22, 0.3))
    responded = st.rng.random(st.n_inv) < resp_p
    rs = np.flatnonzero(responded)
    n_rs = len(rs)
    q = st.question[st.inv["kind"][rs]]
    z = st.inv["mu"][rs] + st.rng.normal(0, 1.0, n_rs)
    nps = np.clip(np.round(7.6 + 1.9 * z), 0, 10)
    csat = np.clip(np.round(3.9 + 0.9 * z), 1, 5)
    ces = np.clip(np.round(5.2 + 1.2 * z), 1, 7)
    score = np.where(q == "nps_0_10", nps, np.where(q == "csat_1_5", csat, ces)).astype(int)
    st.tone = np.where(
        q == "nps_0_10",
        np.sign(score - 7.5),
        np.where(q == "csat_1_5", np.sign(score - 3.5), np.sign(score - 4.5)),
    )
    st.tone = np.where(np.abs(st.tone) < 1, 0, st.tone).astype(int)
    with_comment = st.rng.random(n_rs) < np.where(st.tone < 0, 0.7, 0.35)
    r_lang = st.lang[st.inv["c"][rs]]
    comment = _comments(st.rng, r_lang, st.inv["topic"][rs].astype(int), st.tone, st.mess)
    comment = np.where(with_comment, comment, None).astype(object)
    st.r_time = st.inv["t"][rs] + st.rng.lognormal(np.log(6 * HOUR), 1.2, n_rs)
    r_keep = st.r_time < st.as_of
    rs, q, score, comment, st.r_time, r_lang, st.tone = (
        rs[r_keep],
        q[r_keep],
        score[r_keep],
        comment[r_keep],
        st.r_time[r_keep],
        r_lang[r_keep],
        st.tone[r_keep],
    )
    n_rs = len(rs)
    score_raw = score.astype(str).astype(object)
    r_inv_id = st.inv_id[rs]
    submitted = _iso_with_offsets(st.rng, st.r_time)
    if st.mess:
        oor = np.flatnonzero(st.rng.random(n_rs) < 0.005)
        score_raw[oor] = np.array(["11", "-1", "ten", "", " 9", "10 ", "7.0"], dtype=object)[
            st.rng.integers(0, 7, len(oor))
        ]
        nulls = st.rng.random(n_rs) < 0.002
        score_raw[nulls] = None
        st.bad = st.rng.random(n_rs) < 0.002
        submitted[st.bad] = np.array(["31/02/2024 25:61", "yesterday", "0000-00-00 00:00:00"], dtype=object)[
            st.rng.integers(0, 3, st.bad.sum())
        ]
        st.orphan = st.rng.random(n_rs) < 0.003
        r_inv_id = np.where(st.orphan, r_inv_id + 900_000_000, r_inv_id)
    st.resp_id = st.ids.take("response", n_rs)
    responses = {
        "id": st.resp_id,
        "invitation_id": r_inv_id,
        "customer_id": st.cust_id[st.inv["c"][rs]],
        "question_id": q.astype(object),
        "score": score_raw,
        "comment": comment,
        "submitted_at": submitted,
    }
    rs_loaded = st.r_time + st.rng.uniform(0.02, 1, n_rs) * HOUR
    responses, rs_loaded2 = _mess_rows(st.rng, responses, rs_loaded, mess=st.mess, dup_p=0.015, late_p=0.03)
    responses["_loaded_at"] = _ts(rs_loaded2)
    st.w.write("surveys", "responses", responses)


def _write_followups(st: _ChunkState) -> None:
    """Surveys: closed-loop follow-ups of negative answers."""
    # closed loop: follow-ups of negative answers
    neg = np.flatnonzero(st.tone < 0)
    fu = neg[st.rng.random(len(neg)) < 0.65]
    fu_t = st.r_time[fu] + st.rng.lognormal(np.log(20 * HOUR), 1.0, len(fu))
    fu_keep = fu_t < st.as_of
    fu, fu_t = fu[fu_keep], fu_t[fu_keep]
    n_fu = len(fu)
    closed = fu_t + st.rng.lognormal(np.log(3 * DAY), 0.8, n_fu)
    followups = {
        "id": st.ids.take("followup", n_fu),
        "response_id": st.resp_id[fu],
        "owner_agent_id": st.rng.integers(1, st.agents + 1, n_fu),
        "action": _choice(
            st.rng, np.array(["called", "emailed", "refund_issued", "root_cause_fixed"]), n_fu
        ).astype(object),
        "followed_up_at": _ts(fu_t),
        "closed_at": _ts(np.where(closed < st.as_of, closed, np.nan)),
    }
    fu_loaded = np.where(closed < st.as_of, closed, fu_t) + st.rng.uniform(0.1, 4, n_fu) * HOUR
    followups, fu_loaded = _mess_rows(st.rng, followups, fu_loaded, mess=st.mess)
    followups["_loaded_at"] = _ts(fu_loaded)
    st.w.write("surveys", "followups", followups)


def _write_web_sessions(st: _ChunkState) -> None:
    """Web: sessions (fewer before churn)."""
    # ---------------------------------------------------------------- write: web
    n_sess_c = st.rng.poisson(4.0 * np.clip(st.active_years, 0.02, None) * st.order_rate / 2.4)
    s_cust = np.repeat(np.arange(st.n_cust), n_sess_c)
    n_anon = int(0.3 * len(s_cust))
    s_known_start = st.signup[s_cust] + st.rng.random(len(s_cust)) * (st.as_of - st.signup[s_cust])
    # members about to leave visit less (disengagement); visits after churning are unchanged
    to_churn = np.where(st.churned, st.churn_time, np.inf)[s_cust] - s_known_start
    s_kept = st.fade_rng.random(len(s_cust)) < np.where(to_churn < 0, 1.0, _engagement(to_churn))
    s_cust, s_known_start = s_cust[s_kept], s_known_start[s_kept]
    st.n_ss = len(s_cust) + n_anon
    st.s_start = np.concatenate([s_known_start, st.rng.uniform(st.start, st.as_of, n_anon)])
    s_known = np.concatenate([st.cust_id[s_cust], np.full(n_anon, -1)])
    st.s_device_idx = st.rng.choice(len(DEVICES), st.n_ss, p=[0.45, 0.45, 0.10])
    st.s_id = st.ids.take("session", st.n_ss)
    sessions = {
        "id": st.s_id,
        "customer_id": pa.array(s_known, mask=s_known < 0),
        "anonymous_id": np.char.add("anon-", (st.s_id * 7919 % 10_000_019).astype(str)).astype(object),
        "started_at": _ts(st.s_start),
        "device": _unknown_some(st.rng, DEVICES[st.s_device_idx], 0.003, ["smart_tv"], st.mess),
        "utm_source": _null_some(
            st.rng,
            _choice(st.rng, np.array(["google", "newsletter", "facebook", "direct"]), st.n_ss),
            0.3,
            st.mess,
        ),
    }
    ss_loaded = st.s_start + st.rng.uniform(0.1, 2, st.n_ss) * HOUR
    sessions, ss_loaded = _mess_rows(st.rng, sessions, ss_loaded, mess=st.mess)
    sessions["_loaded_at"] = _ts(ss_loaded)
    st.w.write("web", "sessions", sessions)


def _write_journey_events(st: _ChunkState) -> None:
    """Web: journey events, step by step, with errors."""
    # journey events: a session starts one journey (or none) and drops off step by step
    jnames = list(JOURNEYS)
    j_pick = st.rng.choice(len(jnames) + 1, st.n_ss, p=[0.45, 0.1, 0.1, 0.35])
    # (session, journey, step, error at this step); an error makes the visitor likelier to leave
    ev_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    mobile = st.s_device_idx == 1
    for j, jn in enumerate(jnames):
        js = np.flatnonzero(j_pick == j)
        steps = JOURNEYS[jn]
        reached = np.ones(len(js), bool)
        err = np.zeros(len(js), bool)
        for k, _step in enumerate(steps):
            if k > 0:
                cont = 0.86 - 0.08 * mobile[js] - (0.1 if (jn == "checkout" and k == 2) else 0.0)
                reached &= st.rng.random(len(js)) < cont - 0.35 * err
            err = reached & (st.rng.random(len(js)) < np.where(mobile[js], 0.04, 0.02))
            st.n_r = int(reached.sum())
            ev_parts.append((js[reached], np.full(st.n_r, j), np.full(st.n_r, k), err[reached]))
    pv = np.repeat(np.arange(st.n_ss), st.rng.poisson(2.0, st.n_ss))
    ev_parts.append((pv, np.full(len(pv), -1), np.full(len(pv), -1), np.zeros(len(pv), bool)))
    e_sess = np.concatenate([p[0] for p in ev_parts])
    e_j = np.concatenate([p[1] for p in ev_parts])
    e_k = np.concatenate([p[2] for p in ev_parts])
    is_error = np.concatenate([p[3] for p in ev_parts])
    st.order = np.lexsort((e_k, e_sess))
    e_sess, e_j, e_k, is_error = e_sess[st.order], e_j[st.order], e_k[st.order], is_error[st.order]
    n_we = len(e_sess)
    e_time = st.s_start[e_sess] + (np.maximum(e_k, 0) + st.rng.random(n_we)) * st.rng.uniform(20, 90, n_we)
    happened = e_time < st.as_of  # a session started just before the as-of moment is cut there
    e_sess, e_j, e_k, e_time, is_error = (a[happened] for a in (e_sess, e_j, e_k, e_time, is_error))
    n_we = len(e_sess)
    step_names = np.array([s for jn in jnames for s in JOURNEYS[jn]] + [""], dtype=object)
    offsets = np.cumsum([0] + [len(JOURNEYS[jn]) for jn in jnames])
    step_flat = np.where(e_k >= 0, offsets[np.maximum(e_j, 0)] + e_k, len(step_names) - 1)
    web_events = {
        "id": st.ids.take("web_event", n_we),
        "session_id": st.s_id[e_sess],
        "event_name": np.where(e_k >= 0, "journey_step", "page_view").astype(object),
        "journey": np.where(e_j >= 0, np.array([*jnames, ""], dtype=object)[e_j], None).astype(object),
        "step_name": np.where(e_k >= 0, step_names[step_flat], None).astype(object),
        "step_index": pa.array(e_k + 1, mask=e_k < 0),
        "is_error": is_error,
        "error_code": np.where(
            is_error,
            _choice(st.rng, np.array(["E_TIMEOUT", "E_VALIDATION", "E_PAYMENT_DECLINED"]), n_we),
            None,
        ).astype(object),
        "occurred_at": _ts(e_time),
    }
    we_loaded = e_time + st.rng.uniform(1, 30, n_we) * 60
    web_events, we_loaded = _mess_rows(st.rng, web_events, we_loaded, mess=st.mess, dup_p=0.005)
    web_events["_loaded_at"] = _ts(we_loaded)
    st.w.write("web", "events", web_events)


def _write_referrals(st: _ChunkState) -> None:
    """Referrals: codes and redemptions."""
    # ---------------------------------------------------------------- write: referrals
    gets_code = st.rng.random(st.n_cust) < np.clip(0.15 + 0.12 * st.sat, 0.02, 0.6)
    rc = np.flatnonzero(gets_code)
    code_issued = st.signup[rc] + st.rng.uniform(10, 200, len(rc)) * DAY
    keep = code_issued < st.as_of
    rc, code_issued = rc[keep], code_issued[keep]
    code_id = st.ids.take("referral_code", len(rc))
    codes_str = np.char.add("REF-", np.char.zfill(code_id.astype(str), 8)).astype(object)
    codes = {
        "code": codes_str,
        "referrer_customer_id": st.cust_id[rc],
        "issued_at": _ts(code_issued),
        "channel": _choice(st.rng, np.array(["email", "app", "post_purchase"]), len(rc)).astype(object),
    }
    cd_loaded = code_issued + st.rng.uniform(0.1, 2, len(rc)) * HOUR
    codes, cd_loaded = _mess_rows(st.rng, codes, cd_loaded, mess=st.mess)
    codes["_loaded_at"] = _ts(cd_loaded)
    st.w.write("referrals", "codes", codes)

    referred = np.flatnonzero(st.acq == "referral")
    if len(rc):
        srt = np.argsort(code_issued)
        avail = np.searchsorted(code_issued[srt], st.signup[referred])
        ok = avail > 0
        referred, avail = referred[ok], avail[ok]
        st.pick = srt[(st.rng.random(len(referred)) * avail).astype(int)]
    else:
        referred, st.pick = referred[:0], referred[:0]
    n_red = len(referred)
    red_status = np.where(
        st.rng.random(n_red) < 0.85,
        "qualified",
        np.where(st.rng.random(n_red) < 0.5, "pending", "rejected"),
    )
    redemptions = {
        "id": st.ids.take("redemption", n_red),
        "code": np.array(codes_str[: len(rc)])[st.pick] if n_red else np.array([], dtype=object),
        "referred_customer_id": st.cust_id[referred],
        "redeemed_at": _ts(st.signup[referred]),
        "status": red_status.astype(object),
    }
    red_loaded = st.signup[referred] + st.rng.uniform(0.1, 2, n_red) * HOUR
    redemptions, red_loaded = _mess_rows(st.rng, redemptions, red_loaded, mess=st.mess)
    redemptions["_loaded_at"] = _ts(red_loaded)
    st.w.write("referrals", "redemptions", redemptions)


_CHUNK_STEPS: tuple[Callable[[_ChunkState], None], ...] = (
    _draw_customers,
    _draw_orders,
    _draw_tickets_and_churn,
    _write_crm,
    _write_orders,
    _write_payments_and_returns,
    _write_logistics,
    _write_tickets,
    _draw_ticket_events,
    _write_ticket_events,
    _draw_interaction_surveys,
    _draw_relationship_surveys,
    _write_survey_responses,
    _write_followups,
    _write_web_sessions,
    _write_journey_events,
    _write_referrals,
)


def _chunk(cfg: GenerateConfig, rng: np.random.Generator, ids: _Ids, w: _Writer, n_cust: int) -> None:
    """Draw one chunk of customers and everything they do, and write it source by source.

    The steps run in this order and share one random stream, so the same seed gives the same bytes.
    """
    st = _ChunkState(cfg=cfg, rng=rng, ids=ids, w=w, n_cust=n_cust)
    for step in _CHUNK_STEPS:
        step(st)


def _pulse(cfg: GenerateConfig, rng: np.random.Generator, ids: _Ids, w: _Writer) -> None:
    """Monthly employee pulse (eNPS) answers."""
    as_of = datetime(cfg.as_of.year, cfg.as_of.month, cfg.as_of.day, tzinfo=UTC).timestamp()
    start = as_of - HISTORY_DAYS * DAY
    n_emp = max(10, round(50 * np.sqrt(cfg.scale)))
    emp_team = TEAMS[rng.choice(len(TEAMS), n_emp, p=[0.5, 0.2, 0.2, 0.1])]
    emp_mood = rng.normal(0, 1, n_emp)
    waves = np.arange(start + 10 * DAY, as_of, 30.4 * DAY)
    e = np.tile(np.arange(n_emp), len(waves))
    wv = np.repeat(waves, n_emp)
    answered = rng.random(len(e)) < 0.7
    e, wv = e[answered], wv[answered]
    n = len(e)
    score = np.clip(np.round(7.2 + 1.8 * (0.7 * emp_mood[e] + rng.normal(0, 0.7, n))), 0, 10).astype(int)
    submitted = wv + rng.uniform(0, 5, n) * DAY
    keep = submitted < as_of
    e, wv, score, submitted = e[keep], wv[keep], score[keep], submitted[keep]
    n = len(e)
    pulse = {
        "id": ids.take("pulse", n),
        "employee_id": (e + 1).astype("int64"),
        "team": emp_team[e].astype(object),
        "wave_date": _dates(wv),
        "enps_score": score,
        "submitted_at": _ts(submitted),
    }
    loaded = submitted + rng.uniform(0.1, 3, n) * HOUR
    pulse, loaded = _mess_rows(rng, pulse, loaded, mess=cfg.mess)
    pulse["_loaded_at"] = _ts(loaded)
    w.write("hr", "pulse_responses", pulse)


# The planted anomaly (DECISIONLOG.md#kpi-anomalies): a broken survey link in one month, this
# many months before the as-of month; only this share of its invitations' answers arrive.
ANOMALY_MONTHS_BEFORE_AS_OF = 4
ANOMALY_ANSWERS_KEPT = 0.15


def anomaly_month(as_of: date) -> date:
    """First day of the month with the planted broken survey link."""
    index = as_of.year * 12 + as_of.month - 1 - ANOMALY_MONTHS_BEFORE_AS_OF
    return date(index // 12, index % 12 + 1, 1)


def _plant_broken_survey_link(cfg: GenerateConfig, out: Path, counts: dict[str, int]) -> None:
    """Drop most answers (and their follow-ups) to the invitations sent in the anomaly month.

    Applied to the written files with its own random stream, so every other row is exactly
    what it would be without it; the anomaly checks must find the month (kpi_anomalies)."""
    start = anomaly_month(cfg.as_of)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    invitations = pq.read_table(out / "surveys" / "invitations.parquet", columns=["id", "sent_at"])
    sent = invitations["sent_at"]
    in_month = pc.and_(
        pc.greater_equal(sent, pa.scalar(datetime(start.year, start.month, 1), type=sent.type)),
        pc.less(sent, pa.scalar(datetime(end.year, end.month, 1), type=sent.type)),
    )
    broken = pc.filter(invitations["id"], pc.fill_null(in_month, False))
    responses = pq.read_table(out / "surveys" / "responses.parquet")
    hit = pc.is_in(responses["invitation_id"], value_set=broken)
    lost = np.random.default_rng([cfg.seed, 2_000_000]).random(responses.num_rows) >= ANOMALY_ANSWERS_KEPT
    drop = pc.and_(pc.fill_null(hit, False), pa.array(lost))
    dropped_ids = pc.filter(responses["id"], drop)
    responses = responses.filter(pc.invert(drop))
    followups = pq.read_table(out / "surveys" / "followups.parquet")
    followups = followups.filter(
        pc.invert(pc.fill_null(pc.is_in(followups["response_id"], dropped_ids), False))
    )
    for table, data in (("responses", responses), ("followups", followups)):
        pq.write_table(data, out / "surveys" / f"{table}.parquet", compression="zstd")
        counts[f"surveys.{table}"] = data.num_rows


def _chunks(n: int) -> Iterator[tuple[int, int]]:
    for i, lo in enumerate(range(0, n, CHUNK_CUSTOMERS)):
        yield i, min(CHUNK_CUSTOMERS, n - lo)


def generate(cfg: GenerateConfig, progress: Callable[[str], None] | None = None) -> GenerateResult:
    """Write every raw table as Parquet under cfg.out_dir/<source>/<table>.parquet."""
    t0 = time.perf_counter()
    out = Path(cfg.out_dir)
    for src in RAW_TABLES:
        for tbl in RAW_TABLES[src]:
            (out / src / f"{tbl}.parquet").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    as_of_ts = datetime(cfg.as_of.year, cfg.as_of.month, cfg.as_of.day, tzinfo=UTC).timestamp()
    w = _Writer(out, loaded_cap=as_of_ts)
    ids = _Ids()
    n = cfg.n_customers
    n_chunks = (n + CHUNK_CUSTOMERS - 1) // CHUNK_CUSTOMERS
    try:
        for i, size in _chunks(n):
            rng = np.random.default_rng([cfg.seed, i])
            _chunk(cfg, rng, ids, w, size)
            if progress:
                progress(f"chunk {i + 1}/{n_chunks}: {size} customers ({time.perf_counter() - t0:.1f}s)")
        _pulse(cfg, np.random.default_rng([cfg.seed, 1_000_000]), ids, w)
    finally:
        w.close()
    counts = {k: w.counts.get(k, 0) for k in (f"{s}.{t}" for s in RAW_TABLES for t in RAW_TABLES[s])}
    _plant_broken_survey_link(cfg, out, counts)
    manifest = {
        "config": {**asdict(cfg), "as_of": cfg.as_of.isoformat(), "out_dir": str(cfg.out_dir)},
        "row_counts": counts,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return GenerateResult(out_dir=out, row_counts=counts, seconds=time.perf_counter() - t0)


def default_as_of() -> date:
    """Today (UTC): demo data ends now, so source freshness checks are meaningful."""
    return datetime.now(UTC).date()
