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


def _chunk(cfg: GenerateConfig, rng: np.random.Generator, ids: _Ids, w: _Writer, n_cust: int) -> None:
    mess = cfg.mess
    as_of = datetime(cfg.as_of.year, cfg.as_of.month, cfg.as_of.day, tzinfo=UTC).timestamp()
    start = as_of - HISTORY_DAYS * DAY

    # ---------------------------------------------------------------- customers
    cust_id = ids.take("customer", n_cust)
    region_idx = rng.choice(len(REGIONS), n_cust, p=REGION_P)
    region = REGIONS[region_idx]
    lang = np.empty(n_cust, dtype=object)
    for r, (langs, p) in REGION_LANGS.items():
        sel = region == r
        lang[sel] = np.array(langs)[rng.choice(len(langs), sel.sum(), p=p)]
    acq = _choice(rng, ACQ_CHANNELS, n_cust, ACQ_P)
    signup = rng.uniform(start - 365 * DAY, as_of - 2 * DAY, n_cust)
    spend = rng.lognormal(0, 0.6, n_cust)  # spending propensity
    order_rate = rng.gamma(2.0, 1.2, n_cust)  # orders per year
    sat = rng.normal(0, 1, n_cust)  # latent satisfaction
    tier_cut = np.quantile(spend * order_rate, [0.5, 0.8, 0.95]) if n_cust > 20 else [1, 2, 3]
    tier = np.array(["bronze", "silver", "gold", "platinum"])[np.searchsorted(tier_cut, spend * order_rate)]
    first = np.array(["Anna", "Jan", "Maria", "João", "Lucía", "Hans", "Aino", "Olga", "Marie", "John"])
    last = np.array(["Nowak", "Silva", "García", "Müller", "Virtanen", "Ivanova", "Martin", "Smith"])
    fn = first[rng.integers(0, len(first), n_cust)]
    ln = last[rng.integers(0, len(last), n_cust)]
    cid_s = cust_id.astype(str)
    email = np.char.add(np.char.add(np.char.lower(fn.astype(str)), "."), cid_s)
    email = np.char.add(email, "@example.com")
    phone = np.char.add("+1555", np.char.zfill((cust_id % 10_000_000).astype(str), 7))

    # ---------------------------------------------------------------- orders
    active_years = (as_of - signup) / (365 * DAY)
    n_orders_c = rng.poisson(order_rate * np.clip(active_years, 0.02, None))
    o_cust = np.repeat(np.arange(n_cust), n_orders_c)
    n_o = len(o_cust)
    o_time = signup[o_cust] + rng.random(n_o) * (as_of - signup[o_cust])
    o_channel = _choice(rng, ORDER_CHANNELS, n_o, np.array([0.5, 0.4, 0.1]))
    o_device = np.where(
        o_channel == "app", "mobile", _choice(rng, DEVICES, n_o, np.array([0.55, 0.35, 0.10]))
    )
    o_pay_idx = rng.choice(len(PAYMENT_METHODS), n_o, p=[0.45, 0.2, 0.1, 0.1, 0.08, 0.07])
    o_cancel = rng.random(n_o) < 0.04

    # deliveries (one per non-cancelled order)
    carrier_idx = (region_idx * 7 + rng.integers(0, 3, n_cust))[o_cust] % len(CARRIERS)
    shipped = o_time + rng.uniform(0.1, 2.0, n_o) * DAY
    promised_day = np.floor((o_time + rng.integers(3, 6, n_o) * DAY) / DAY) * DAY + DAY - 1
    late = rng.random(n_o) < CARRIER_LATE_P[carrier_idx]
    delay_days = np.where(late, rng.geometric(0.35, n_o), 0)
    delivered = np.where(
        late,
        promised_day - DAY + 1 + delay_days * DAY + rng.uniform(8, 20, n_o) * HOUR,
        np.minimum(
            shipped + rng.uniform(0.6, 3.5, n_o) * DAY,
            promised_day - rng.uniform(1, 10, n_o) * HOUR,
        ),
    )
    lost = rng.random(n_o) < 0.005
    in_transit = delivered > as_of
    delivered = np.where(lost | in_transit | o_cancel, np.nan, delivered)

    # returns: more likely when late
    has_return = (~np.isnan(delivered)) & (rng.random(n_o) < np.where(late, 0.14, 0.06))
    ret_req = delivered + rng.uniform(2, 20, n_o) * DAY
    ret_done = ret_req + rng.uniform(3, 10, n_o) * DAY
    has_return &= ret_req < as_of
    ret_done = np.where(ret_done < as_of, ret_done, np.nan)

    # ---------------------------------------------------------------- tickets
    late_per_c = np.bincount(o_cust, weights=late & ~o_cancel, minlength=n_cust)
    base_t = rng.poisson(0.5 * np.clip(active_years, 0.02, None))
    late_t = rng.binomial(late_per_c.astype(int), 0.4)
    n_t_c = base_t + late_t
    t_cust = np.repeat(np.arange(n_cust), n_t_c)
    n_t = len(t_cust)
    # which tickets were caused by a late delivery: the last late_t of each customer's tickets
    rank_in_c = np.arange(n_t) - np.repeat(np.cumsum(n_t_c) - n_t_c, n_t_c)
    t_is_late = rank_in_c >= np.repeat(base_t, n_t_c)
    t_created = np.where(
        t_is_late,
        np.nan,
        signup[t_cust] + rng.random(n_t) * (as_of - signup[t_cust]),
    )
    # late-delivery tickets: attach to a random late order of the customer, near its promise date
    late_orders = np.flatnonzero(late & ~o_cancel)
    t_order = np.full(n_t, -1, dtype="int64")
    if len(late_orders) and t_is_late.any():
        lo_cust = o_cust[late_orders]
        sort = np.argsort(lo_cust, kind="stable")
        lo_sorted, lo_c_sorted = late_orders[sort], lo_cust[sort]
        first_pos = np.searchsorted(lo_c_sorted, t_cust[t_is_late], side="left")
        cnt = np.searchsorted(lo_c_sorted, t_cust[t_is_late], side="right") - first_pos
        pick = lo_sorted[first_pos + (rng.random(t_is_late.sum()) * np.maximum(cnt, 1)).astype(int)]
        t_order[t_is_late] = pick
        t_created[t_is_late] = promised_day[pick] + rng.uniform(2, 30, len(pick)) * HOUR
    t_channel_idx = rng.choice(len(TICKET_CHANNELS), n_t, p=[0.4, 0.35, 0.2, 0.05])
    t_channel = TICKET_CHANNELS[t_channel_idx]
    t_issue = np.where(
        t_is_late, "delivery", _choice(rng, ISSUE_TYPES, n_t, np.array([0.2, 0.2, 0.3, 0.15, 0.15]))
    )
    t_priority = _choice(rng, PRIORITIES, n_t, np.array([0.3, 0.5, 0.15, 0.05]))
    transfers = rng.poisson(
        np.where(t_channel == "phone", 0.7, 0.25) + np.where(t_issue == "payment", 0.3, 0)
    )
    frt = np.where(
        t_channel == "chat",
        rng.lognormal(np.log(120), 0.8, n_t),
        np.where(
            t_channel == "phone",
            rng.lognormal(np.log(60), 0.5, n_t),
            rng.lognormal(np.log(5 * HOUR), 1.0, n_t),
        ),
    ) + transfers * rng.uniform(120, 1800, n_t)
    extra_rounds = rng.poisson(0.6 + 0.5 * transfers)
    resolve_after = (
        frt + extra_rounds * rng.lognormal(np.log(6 * HOUR), 0.8, n_t) + rng.uniform(60, 3600, n_t)
    )
    reopened = rng.random(n_t) < 0.08
    solved_at = t_created + resolve_after
    reopen_at = solved_at + rng.uniform(0.5, 12, n_t) * DAY
    resolved_again = reopen_at + rng.lognormal(np.log(8 * HOUR), 0.6, n_t)
    open_now = solved_at > as_of
    reopened &= (~open_now) & (resolved_again < as_of)
    t_status = np.where(open_now, "open", "solved")
    t_id = ids.take("ticket", n_t)
    t_transfers_per_c = np.bincount(t_cust, weights=transfers, minlength=n_cust)

    # churn: hazard raised by late deliveries and transfers
    hazard = 0.18 * np.exp(0.35 * late_per_c + 0.25 * t_transfers_per_c - 0.3 * sat)
    churn_time = signup + rng.exponential(1.0 / hazard) * 365 * DAY
    churned = churn_time < as_of

    # drop what happens after churn (a churned customer does not order or open tickets)
    keep_o = o_time < np.where(churned, churn_time, np.inf)[o_cust]
    keep_t = t_created < np.where(churned, churn_time + 3 * DAY, np.inf)[t_cust]
    # disengagement: in the months before they leave, customers order (and visit) less. Drawn
    # from a stream of its own, so the effect can be tuned without touching the other draws.
    fade_rng = rng.spawn(1)[0]
    keep_o &= fade_rng.random(n_o) < _engagement(np.where(churned, churn_time, np.inf)[o_cust] - o_time)

    # ---------------------------------------------------------------- write: crm
    c_updated = signup + rng.uniform(0, 30, n_cust) * DAY
    c_updated = np.minimum(c_updated, as_of - 1)
    cust_loaded = c_updated + rng.uniform(0.1, 6, n_cust) * HOUR
    cust = {
        "id": cust_id,
        "full_name": np.char.add(np.char.add(fn.astype(str), " "), ln.astype(str)).astype(object),
        "email": _null_some(rng, email, 0.01, mess),
        "phone": _null_some(rng, phone, 0.05, mess),
        "region": _unknown_some(rng, _null_some(rng, region, 0.01, mess), 0.005, ["eu_west ", "APAC"], mess),
        "language": _unknown_some(rng, lang, 0.01, ["PT-br", "EN", "xx"], mess),
        "acquisition_channel": acq.astype(object),
        "value_tier": tier.astype(object),
        "created_at": _ts(signup),
        "updated_at": _ts(c_updated),
    }
    cust, cust_loaded = _mess_rows(rng, cust, cust_loaded, mess=mess)
    if len(cust_loaded) > n_cust:
        # A second delivery of a customer is an update: later updated_at, sometimes a new tier.
        redelivered = np.arange(n_cust, len(cust_loaded))
        bump = rng.uniform(1, 30, len(redelivered)) * DAY
        upd = cust["updated_at"].to_numpy(zero_copy_only=False).astype("datetime64[us]").astype("int64") / 1e6
        upd[redelivered] = np.minimum(upd[redelivered] + bump, as_of - 1)
        cust["updated_at"] = _ts(upd)
        cust_loaded[redelivered] = np.maximum(cust_loaded[redelivered], upd[redelivered] + HOUR)
        tiers = cust["value_tier"].copy()
        retier = redelivered[rng.random(len(redelivered)) < 0.5]
        tiers[retier] = np.array(["bronze", "silver", "gold", "platinum"], dtype=object)[
            rng.integers(0, 4, len(retier))
        ]
        cust["value_tier"] = tiers
    cust["_loaded_at"] = _ts(cust_loaded)
    w.write("crm", "customers", cust)

    # subscriptions: one per customer, plus a comeback for some churned customers
    plan_idx = np.clip(np.searchsorted([0.6, 0.9], rng.random(n_cust)) + (tier == "platinum"), 0, 2)
    comeback = churned & (rng.random(n_cust) < 0.12) & (churn_time + 60 * DAY < as_of)
    sub_cust = np.concatenate([np.arange(n_cust), np.flatnonzero(comeback)])
    sub_start = np.concatenate([signup, churn_time[comeback] + rng.uniform(30, 60, comeback.sum()) * DAY])
    sub_end = np.concatenate([np.where(churned, churn_time, np.nan), np.full(comeback.sum(), np.nan)])
    n_s = len(sub_cust)
    term_days = np.where(rng.random(n_s) < 0.7, 30, 365)
    renewals = np.floor((np.where(np.isnan(sub_end), as_of, sub_end) - sub_start) / (term_days * DAY)).astype(
        int
    )
    sub_loaded = np.where(np.isnan(sub_end), sub_start, sub_end) + rng.uniform(0.1, 6, n_s) * HOUR
    subs = {
        "id": ids.take("subscription", n_s),
        "customer_id": cust_id[sub_cust],
        "plan": PLANS[plan_idx[sub_cust]].astype(object),
        "monthly_fee": PLAN_FEE[plan_idx[sub_cust]],
        "billing_period_days": term_days,
        "started_at": _ts(sub_start),
        "cancelled_at": _ts(sub_end),
        "renewal_count": np.maximum(renewals, 0),
        "status": np.where(np.isnan(sub_end), "active", "cancelled").astype(object),
    }
    subs, sub_loaded = _mess_rows(rng, subs, sub_loaded, mess=mess)
    subs["_loaded_at"] = _ts(sub_loaded)
    w.write("crm", "subscriptions", subs)

    # ---------------------------------------------------------------- write: shop
    oi = np.flatnonzero(keep_o)
    n_ok = len(oi)
    order_id = ids.take("order", n_ok)
    order_id_full = np.full(n_o, -1, dtype="int64")
    order_id_full[oi] = order_id
    n_items = rng.integers(1, 5, n_ok)
    it_order = np.repeat(np.arange(n_ok), n_items)
    n_it = len(it_order)
    pl_idx = rng.choice(len(PRODUCT_LINES), n_it, p=[0.2, 0.25, 0.25, 0.15, 0.15])
    qty = rng.integers(1, 4, n_it)
    unit_price = np.round(
        PRODUCT_PRICE[pl_idx] * spend[o_cust[oi]][it_order] * rng.uniform(0.5, 1.5, n_it), 2
    )
    order_total = np.bincount(it_order, weights=qty * unit_price, minlength=n_ok)
    status = np.where(o_cancel[oi], "cancelled", np.where(has_return[oi], "returned", "completed"))
    o_loaded = o_time[oi] + rng.uniform(0.05, 3, n_ok) * HOUR
    orders = {
        "id": order_id,
        "customer_id": cust_id[o_cust[oi]],
        "ordered_at": _ts(o_time[oi]),
        "status": status.astype(object),
        "sales_channel": _unknown_some(rng, o_channel[oi], 0.003, ["kiosk"], mess),
        "device": _null_some(rng, o_device[oi], 0.01, mess),
        "currency": np.full(n_ok, "EUR", dtype=object),
        "total_amount": np.round(order_total, 2),
    }
    orders, o_loaded2 = _mess_rows(rng, orders, o_loaded, mess=mess)
    orders["_loaded_at"] = _ts(o_loaded2)
    w.write("shop", "orders", orders)

    items = {
        "id": ids.take("order_item", n_it),
        "order_id": order_id[it_order],
        "product_line": PRODUCT_LINES[pl_idx].astype(object),
        "sku": np.char.add(
            np.char.add(PRODUCT_LINES[pl_idx], "-"), rng.integers(100, 999, n_it).astype(str)
        ).astype(object),
        "quantity": qty,
        "unit_price": unit_price,
    }
    it_loaded = o_loaded[it_order] + rng.uniform(0, 60, n_it)
    items, it_loaded = _mess_rows(rng, items, it_loaded, mess=mess)
    items["_loaded_at"] = _ts(it_loaded)
    w.write("shop", "order_items", items)

    pay_failed_first = rng.random(n_ok) < 0.03
    p_order = np.concatenate([np.arange(n_ok), np.flatnonzero(pay_failed_first)])
    p_status = np.concatenate(
        [
            np.where(pay_failed_first, "failed", "succeeded"),
            np.full(pay_failed_first.sum(), "succeeded"),
        ]
    )
    p_time = o_time[oi][p_order] + np.concatenate(
        [np.zeros(n_ok), rng.uniform(60, 900, pay_failed_first.sum())]
    )
    n_p = len(p_order)
    payments = {
        "id": ids.take("payment", n_p),
        "order_id": order_id[p_order],
        "payment_method": _unknown_some(
            rng, PAYMENT_METHODS[o_pay_idx[oi][p_order]], 0.003, ["crypto"], mess
        ),
        "amount": np.round(order_total[p_order], 2),
        "status": p_status.astype(object),
        "created_at": _ts(p_time),
    }
    p_loaded = p_time + rng.uniform(0.05, 3, n_p) * HOUR
    payments, p_loaded = _mess_rows(rng, payments, p_loaded, mess=mess)
    payments["_loaded_at"] = _ts(p_loaded)
    w.write("shop", "payments", payments)

    ri = oi[has_return[oi]]
    n_r = len(ri)
    returns = {
        "id": ids.take("return", n_r),
        "order_id": order_id_full[ri],
        "reason": _choice(rng, np.array(["damaged", "late", "not_as_described", "changed_mind"]), n_r).astype(
            object
        ),
        "requested_at": _ts(ret_req[ri]),
        "completed_at": _ts(ret_done[ri]),
    }
    returns["reason"] = np.where(late[ri] & (rng.random(n_r) < 0.5), "late", returns["reason"]).astype(object)
    r_loaded = np.where(np.isnan(ret_done[ri]), ret_req[ri], ret_done[ri]) + rng.uniform(0.1, 6, n_r) * HOUR
    returns, r_loaded = _mess_rows(rng, returns, r_loaded, mess=mess)
    returns["_loaded_at"] = _ts(r_loaded)
    w.write("shop", "returns", returns)

    # ---------------------------------------------------------------- write: logistics
    di = oi[~o_cancel[oi] & (shipped[oi] < as_of)]  # not yet shipped: no delivery row yet
    n_d = len(di)
    d_status = np.where(lost[di], "lost", np.where(np.isnan(delivered[di]), "in_transit", "delivered"))
    deliveries = {
        "id": ids.take("delivery", n_d),
        "order_id": order_id_full[di],
        "carrier": _unknown_some(
            rng, CARRIERS[carrier_idx[di]], 0.003, ["dhl express", "Unknown Courier"], mess
        ),
        "shipped_at": _ts(shipped[di]),
        "promised_date": _dates(promised_day[di]),
        "delivered_at": _ts(delivered[di]),
        "status": d_status.astype(object),
    }
    d_loaded = np.where(np.isnan(delivered[di]), shipped[di], delivered[di]) + rng.uniform(0.1, 8, n_d) * HOUR
    deliveries, d_loaded = _mess_rows(rng, deliveries, d_loaded, mess=mess)
    deliveries["_loaded_at"] = _ts(d_loaded)
    w.write("logistics", "deliveries", deliveries)

    # ---------------------------------------------------------------- write: helpdesk
    ti = np.flatnonzero(keep_t & (t_created < as_of))
    n_tk = len(ti)
    tk_id = t_id[ti]
    tickets = {
        "id": tk_id,
        "requester_id": cust_id[t_cust[ti]],
        "channel": _unknown_some(rng, t_channel[ti], 0.003, ["whatsapp"], mess),
        "issue_type": _null_some(rng, t_issue[ti], 0.02, mess),
        "priority": t_priority[ti].astype(object),
        "status": t_status[ti].astype(object),
        "order_id": np.where(t_order[ti] >= 0, order_id_full[np.maximum(t_order[ti], 0)], -1),
        "subject": np.char.add("Issue with ", t_issue[ti]).astype(object),
        "created_at": _ts(t_created[ti]),
        "updated_at": _ts(
            np.where(
                reopened[ti],
                resolved_again[ti],
                np.where(open_now[ti], t_created[ti], solved_at[ti]),
            )
        ),
    }
    tickets["order_id"] = pa.array(tickets["order_id"], mask=tickets["order_id"] < 0)
    tk_loaded = np.minimum(
        np.where(open_now[ti], t_created[ti], np.where(reopened[ti], resolved_again[ti], solved_at[ti]))
        + rng.uniform(0.05, 2, n_tk) * HOUR,
        as_of + 6 * HOUR,
    )
    tickets, tk_loaded = _mess_rows(rng, tickets, tk_loaded, mess=mess)
    tickets["_loaded_at"] = _ts(tk_loaded)
    w.write("helpdesk", "tickets", tickets)

    # ticket events: message_in, transfers, first reply, extra rounds, solved, reopen cycle
    agents = max(10, round(50 * np.sqrt(cfg.scale)))
    tc = t_created[ti]
    tr = transfers[ti]
    ex = extra_rounds[ti]
    parts: list[tuple[np.ndarray, np.ndarray, str, str]] = []  # (ticket_pos, time, type, author)
    pos = np.arange(n_tk)
    parts.append((pos, tc, "message_in", "customer"))
    tr_pos = np.repeat(pos, tr)
    tr_k = np.arange(len(tr_pos)) - np.repeat(np.cumsum(tr) - tr, tr)
    parts.append(
        (
            tr_pos,
            tc[tr_pos] + (tr_k + 1) * (frt[ti][tr_pos] / (tr[tr_pos] + 1)),
            "transfer",
            "agent",
        )
    )
    answered = tc + frt[ti] < as_of
    parts.append((pos[answered], (tc + frt[ti])[answered], "message_out", "agent"))
    ex_pos = np.repeat(pos[answered], ex[answered])
    span = (solved_at[ti] - tc - frt[ti])[ex_pos]
    k = np.arange(len(ex_pos)) - np.repeat(np.cumsum(ex[answered]) - ex[answered], ex[answered])
    t_in = tc[ex_pos] + frt[ti][ex_pos] + span * (k + 0.4) / (ex[ex_pos] + 1)
    parts.append((ex_pos, t_in, "message_in", "customer"))
    parts.append((ex_pos, t_in + span * 0.3 / (ex[ex_pos] + 1), "message_out", "agent"))
    solved = ~open_now[ti]
    parts.append((pos[solved], solved_at[ti][solved], "status_solved", "agent"))
    ro = reopened[ti]
    parts.append((pos[ro], reopen_at[ti][ro], "message_in", "customer"))
    parts.append((pos[ro], reopen_at[ti][ro] + 1, "status_reopened", "system"))
    parts.append(
        (
            pos[ro],
            (reopen_at[ti] + (resolved_again[ti] - reopen_at[ti]) * 0.5)[ro],
            "message_out",
            "agent",
        )
    )
    parts.append((pos[ro], resolved_again[ti][ro], "status_solved", "agent"))
    # events that would happen after the as-of moment have not happened yet
    parts = [(p[0][p[1] < as_of], p[1][p[1] < as_of], p[2], p[3]) for p in parts]
    ev_pos = np.concatenate([p[0] for p in parts])
    ev_time = np.concatenate([p[1] for p in parts])
    ev_type = np.concatenate([np.full(len(p[0]), p[2], dtype=object) for p in parts])
    ev_author = np.concatenate([np.full(len(p[0]), p[3], dtype=object) for p in parts])
    order = np.lexsort((ev_time, ev_pos))
    ev_pos, ev_time, ev_type, ev_author = (
        ev_pos[order],
        ev_time[order],
        ev_type[order],
        ev_author[order],
    )
    n_ev = len(ev_pos)
    ev_kind = np.where(np.char.startswith(ev_type.astype(str), "status_"), "status_change", ev_type).astype(
        object
    )
    new_status = np.where(
        ev_kind == "status_change", np.char.replace(ev_type.astype(str), "status_", ""), None
    ).astype(object)
    agent_id = np.where(ev_author == "agent", rng.integers(1, agents + 1, n_ev), -1)
    t_lang = lang[t_cust[ti]][ev_pos]
    # topic of the customer's words: the issue type, or support itself once they were transferred
    issue_topic = {"delivery": 0, "payment": 1, "product": 2, "account": 5, "returns": 2}
    body_topic = np.zeros(n_ev, dtype=int)
    for issue, topic in issue_topic.items():
        body_topic[t_issue[ti][ev_pos] == issue] = topic
    body_topic = np.where(tr[ev_pos] > 0, 3, body_topic)
    body = np.where(
        ev_kind == "message_in",
        _comments(rng, t_lang, body_topic, np.full(n_ev, -1), mess),
        np.where(ev_kind == "message_out", "Thanks for reaching out, we are looking into it.", None),
    ).astype(object)
    ev_tid = tk_id[ev_pos]
    ev_created = _iso_with_offsets(rng, ev_time)
    if mess:
        bad = rng.random(n_ev) < 0.002
        ev_created[bad] = np.array(["not a date", "2024-13-45T25:61:00", ""], dtype=object)[
            rng.integers(0, 3, bad.sum())
        ]
        orphan = rng.random(n_ev) < 0.002
        ev_tid = np.where(orphan, ev_tid + 900_000_000, ev_tid)
    events = {
        "id": ids.take("ticket_event", n_ev),
        "ticket_id": ev_tid,
        "event_type": ev_kind,
        "author_type": ev_author,
        "agent_id": pa.array(agent_id, mask=agent_id < 0),
        "new_status": new_status,
        "body": body,
        "created_at": ev_created,
    }
    ev_loaded = np.minimum(ev_time + rng.uniform(60, 2 * HOUR, n_ev), as_of + 6 * HOUR)
    events, ev_loaded = _mess_rows(rng, events, ev_loaded, mess=mess)
    events["_loaded_at"] = _ts(ev_loaded)
    w.write("helpdesk", "ticket_events", events)

    # ---------------------------------------------------------------- write: surveys
    inv_parts: list[dict[str, np.ndarray]] = []
    # csat after checkout: 30% of orders
    sel = np.flatnonzero(rng.random(n_ok) < 0.30)
    oo = oi[sel]
    mu = 0.6 * sat[o_cust[oo]] + PAYMENT_CSAT_EFFECT[o_pay_idx[oo]] - 0.4 * (o_device[oo] == "mobile")
    inv_parts.append(
        dict(
            c=o_cust[oo],
            t=o_time[oo] + rng.uniform(0.1, 2, len(oo)) * HOUR,
            kind=np.full(len(oo), 0),
            order=order_id[sel],
            ticket=np.full(len(oo), -1),
            mu=mu,
            topic=np.where(o_device[oo] == "mobile", 5, 1),
        )
    )
    # csat after delivery: 40% of delivered orders
    dl = oi[~np.isnan(delivered[oi])]
    dl = dl[rng.random(len(dl)) < 0.40]
    mu = 0.6 * sat[o_cust[dl]] - 1.3 * late[dl] - 0.15 * delay_days[dl] + 0.5
    inv_parts.append(
        dict(
            c=o_cust[dl],
            t=delivered[dl] + rng.uniform(2, 30, len(dl)) * HOUR,
            kind=np.full(len(dl), 1),
            order=order_id_full[dl],
            ticket=np.full(len(dl), -1),
            mu=mu,
            topic=np.where(late[dl], 0, 2),
        )
    )
    # transactional NPS after a completed return
    rr = ri[~np.isnan(ret_done[ri])]
    rr = rr[rng.random(len(rr)) < 0.6]
    mu = 0.6 * sat[o_cust[rr]] - 0.8 * late[rr] - 0.2
    inv_parts.append(
        dict(
            c=o_cust[rr],
            t=ret_done[rr] + rng.uniform(1, 24, len(rr)) * HOUR,
            kind=np.full(len(rr), 2),
            order=order_id_full[rr],
            ticket=np.full(len(rr), -1),
            mu=mu,
            topic=np.where(late[rr], 0, 2),
        )
    )
    # CES after a solved chat ticket
    ch = ti[(t_channel[ti] == "chat") & ~open_now[ti]]
    ch = ch[rng.random(len(ch)) < 0.5]
    mu = 0.4 * sat[t_cust[ch]] - 0.7 * transfers[ch] - 0.3 * reopened[ch] + 0.6
    inv_parts.append(
        dict(
            c=t_cust[ch],
            t=solved_at[ch] + rng.uniform(0.1, 4, len(ch)) * HOUR,
            kind=np.full(len(ch), 3),
            order=np.full(len(ch), -1),
            ticket=t_id[ch],
            mu=mu,
            topic=np.full(len(ch), 3),
        )
    )
    # relationship NPS: continuous sampling, a monthly wave to 8% of the active customers
    wave_times = np.arange(start + 15 * DAY, as_of, 30.4 * DAY)
    for wt in wave_times:
        act = (signup < wt - 30 * DAY) & ~(churned & (churn_time < wt))
        cs = np.flatnonzero(act & (rng.random(n_cust) < 0.08))
        mu = 0.8 * sat[cs] - 0.45 * late_per_c[cs] - 0.35 * t_transfers_per_c[cs] + 0.6
        topic = np.where(
            late_per_c[cs] > 0,
            0,
            np.where(t_transfers_per_c[cs] > 0, 3, rng.integers(0, 6, len(cs))),
        )
        inv_parts.append(
            dict(
                c=cs,
                t=wt + rng.uniform(0, 5, len(cs)) * DAY,
                kind=np.full(len(cs), 4),
                order=np.full(len(cs), -1),
                ticket=np.full(len(cs), -1),
                mu=mu,
                topic=topic,
            )
        )
    inv = {k: np.concatenate([p[k] for p in inv_parts]) for k in inv_parts[0]}
    inv_keep = inv["t"] < as_of
    inv = {k: v[inv_keep] for k, v in inv.items()}
    n_inv = len(inv["c"])
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
    question = np.array(["csat_1_5", "csat_1_5", "nps_0_10", "ces_1_7", "nps_0_10"])
    inv_id = ids.take("invitation", n_inv)
    inv_channel = np.where(
        inv["kind"] == 3, "in_app", _choice(rng, SURVEY_CHANNELS, n_inv, np.array([0.6, 0.2, 0.2]))
    )
    invitations = {
        "id": inv_id,
        "customer_id": cust_id[inv["c"]],
        "survey_type": kinds[inv["kind"]].astype(object),
        "touchpoint": touch[inv["kind"]].astype(object),
        "channel": _unknown_some(rng, inv_channel, 0.003, ["fax"], mess),
        "order_id": pa.array(inv["order"], mask=inv["order"] < 0),
        "ticket_id": pa.array(inv["ticket"], mask=inv["ticket"] < 0),
        "sent_at": _ts(inv["t"]),
    }
    inv_loaded = inv["t"] + rng.uniform(0.05, 2, n_inv) * HOUR
    invitations, inv_loaded2 = _mess_rows(rng, invitations, inv_loaded, mess=mess)
    invitations["_loaded_at"] = _ts(inv_loaded2)
    w.write("surveys", "invitations", invitations)

    # responses: fatigue -> response rate depends on channel and survey
    resp_p = np.where(inv_channel == "in_app", 0.45, np.where(inv_channel == "sms", 0.22, 0.3))
    responded = rng.random(n_inv) < resp_p
    rs = np.flatnonzero(responded)
    n_rs = len(rs)
    q = question[inv["kind"][rs]]
    z = inv["mu"][rs] + rng.normal(0, 1.0, n_rs)
    nps = np.clip(np.round(7.6 + 1.9 * z), 0, 10)
    csat = np.clip(np.round(3.9 + 0.9 * z), 1, 5)
    ces = np.clip(np.round(5.2 + 1.2 * z), 1, 7)
    score = np.where(q == "nps_0_10", nps, np.where(q == "csat_1_5", csat, ces)).astype(int)
    tone = np.where(
        q == "nps_0_10",
        np.sign(score - 7.5),
        np.where(q == "csat_1_5", np.sign(score - 3.5), np.sign(score - 4.5)),
    )
    tone = np.where(np.abs(tone) < 1, 0, tone).astype(int)
    with_comment = rng.random(n_rs) < np.where(tone < 0, 0.7, 0.35)
    r_lang = lang[inv["c"][rs]]
    comment = _comments(rng, r_lang, inv["topic"][rs].astype(int), tone, mess)
    comment = np.where(with_comment, comment, None).astype(object)
    r_time = inv["t"][rs] + rng.lognormal(np.log(6 * HOUR), 1.2, n_rs)
    r_keep = r_time < as_of
    rs, q, score, comment, r_time, r_lang, tone = (
        rs[r_keep],
        q[r_keep],
        score[r_keep],
        comment[r_keep],
        r_time[r_keep],
        r_lang[r_keep],
        tone[r_keep],
    )
    n_rs = len(rs)
    score_raw = score.astype(str).astype(object)
    r_inv_id = inv_id[rs]
    submitted = _iso_with_offsets(rng, r_time)
    if mess:
        oor = np.flatnonzero(rng.random(n_rs) < 0.005)
        score_raw[oor] = np.array(["11", "-1", "ten", "", " 9", "10 ", "7.0"], dtype=object)[
            rng.integers(0, 7, len(oor))
        ]
        nulls = rng.random(n_rs) < 0.002
        score_raw[nulls] = None
        bad = rng.random(n_rs) < 0.002
        submitted[bad] = np.array(["31/02/2024 25:61", "yesterday", "0000-00-00 00:00:00"], dtype=object)[
            rng.integers(0, 3, bad.sum())
        ]
        orphan = rng.random(n_rs) < 0.003
        r_inv_id = np.where(orphan, r_inv_id + 900_000_000, r_inv_id)
    resp_id = ids.take("response", n_rs)
    responses = {
        "id": resp_id,
        "invitation_id": r_inv_id,
        "customer_id": cust_id[inv["c"][rs]],
        "question_id": q.astype(object),
        "score": score_raw,
        "comment": comment,
        "submitted_at": submitted,
    }
    rs_loaded = r_time + rng.uniform(0.02, 1, n_rs) * HOUR
    responses, rs_loaded2 = _mess_rows(rng, responses, rs_loaded, mess=mess, dup_p=0.015, late_p=0.03)
    responses["_loaded_at"] = _ts(rs_loaded2)
    w.write("surveys", "responses", responses)

    # closed loop: follow-ups of negative answers
    neg = np.flatnonzero(tone < 0)
    fu = neg[rng.random(len(neg)) < 0.65]
    fu_t = r_time[fu] + rng.lognormal(np.log(20 * HOUR), 1.0, len(fu))
    fu_keep = fu_t < as_of
    fu, fu_t = fu[fu_keep], fu_t[fu_keep]
    n_fu = len(fu)
    closed = fu_t + rng.lognormal(np.log(3 * DAY), 0.8, n_fu)
    followups = {
        "id": ids.take("followup", n_fu),
        "response_id": resp_id[fu],
        "owner_agent_id": rng.integers(1, agents + 1, n_fu),
        "action": _choice(
            rng, np.array(["called", "emailed", "refund_issued", "root_cause_fixed"]), n_fu
        ).astype(object),
        "followed_up_at": _ts(fu_t),
        "closed_at": _ts(np.where(closed < as_of, closed, np.nan)),
    }
    fu_loaded = np.where(closed < as_of, closed, fu_t) + rng.uniform(0.1, 4, n_fu) * HOUR
    followups, fu_loaded = _mess_rows(rng, followups, fu_loaded, mess=mess)
    followups["_loaded_at"] = _ts(fu_loaded)
    w.write("surveys", "followups", followups)

    # ---------------------------------------------------------------- write: web
    n_sess_c = rng.poisson(4.0 * np.clip(active_years, 0.02, None) * order_rate / 2.4)
    s_cust = np.repeat(np.arange(n_cust), n_sess_c)
    n_anon = int(0.3 * len(s_cust))
    s_known_start = signup[s_cust] + rng.random(len(s_cust)) * (as_of - signup[s_cust])
    # members about to leave visit less (disengagement); visits after churning are unchanged
    to_churn = np.where(churned, churn_time, np.inf)[s_cust] - s_known_start
    s_kept = fade_rng.random(len(s_cust)) < np.where(to_churn < 0, 1.0, _engagement(to_churn))
    s_cust, s_known_start = s_cust[s_kept], s_known_start[s_kept]
    n_ss = len(s_cust) + n_anon
    s_start = np.concatenate([s_known_start, rng.uniform(start, as_of, n_anon)])
    s_known = np.concatenate([cust_id[s_cust], np.full(n_anon, -1)])
    s_device_idx = rng.choice(len(DEVICES), n_ss, p=[0.45, 0.45, 0.10])
    s_id = ids.take("session", n_ss)
    sessions = {
        "id": s_id,
        "customer_id": pa.array(s_known, mask=s_known < 0),
        "anonymous_id": np.char.add("anon-", (s_id * 7919 % 10_000_019).astype(str)).astype(object),
        "started_at": _ts(s_start),
        "device": _unknown_some(rng, DEVICES[s_device_idx], 0.003, ["smart_tv"], mess),
        "utm_source": _null_some(
            rng,
            _choice(rng, np.array(["google", "newsletter", "facebook", "direct"]), n_ss),
            0.3,
            mess,
        ),
    }
    ss_loaded = s_start + rng.uniform(0.1, 2, n_ss) * HOUR
    sessions, ss_loaded = _mess_rows(rng, sessions, ss_loaded, mess=mess)
    sessions["_loaded_at"] = _ts(ss_loaded)
    w.write("web", "sessions", sessions)

    # journey events: a session starts one journey (or none) and drops off step by step
    jnames = list(JOURNEYS)
    j_pick = rng.choice(len(jnames) + 1, n_ss, p=[0.45, 0.1, 0.1, 0.35])
    # (session, journey, step, error at this step); an error makes the visitor likelier to leave
    ev_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    mobile = s_device_idx == 1
    for j, jn in enumerate(jnames):
        js = np.flatnonzero(j_pick == j)
        steps = JOURNEYS[jn]
        reached = np.ones(len(js), bool)
        err = np.zeros(len(js), bool)
        for k, _step in enumerate(steps):
            if k > 0:
                cont = 0.86 - 0.08 * mobile[js] - (0.1 if (jn == "checkout" and k == 2) else 0.0)
                reached &= rng.random(len(js)) < cont - 0.35 * err
            err = reached & (rng.random(len(js)) < np.where(mobile[js], 0.04, 0.02))
            n_r = int(reached.sum())
            ev_parts.append((js[reached], np.full(n_r, j), np.full(n_r, k), err[reached]))
    pv = np.repeat(np.arange(n_ss), rng.poisson(2.0, n_ss))
    ev_parts.append((pv, np.full(len(pv), -1), np.full(len(pv), -1), np.zeros(len(pv), bool)))
    e_sess = np.concatenate([p[0] for p in ev_parts])
    e_j = np.concatenate([p[1] for p in ev_parts])
    e_k = np.concatenate([p[2] for p in ev_parts])
    is_error = np.concatenate([p[3] for p in ev_parts])
    order = np.lexsort((e_k, e_sess))
    e_sess, e_j, e_k, is_error = e_sess[order], e_j[order], e_k[order], is_error[order]
    n_we = len(e_sess)
    e_time = s_start[e_sess] + (np.maximum(e_k, 0) + rng.random(n_we)) * rng.uniform(20, 90, n_we)
    happened = e_time < as_of  # a session started just before the as-of moment is cut there
    e_sess, e_j, e_k, e_time, is_error = (a[happened] for a in (e_sess, e_j, e_k, e_time, is_error))
    n_we = len(e_sess)
    step_names = np.array([s for jn in jnames for s in JOURNEYS[jn]] + [""], dtype=object)
    offsets = np.cumsum([0] + [len(JOURNEYS[jn]) for jn in jnames])
    step_flat = np.where(e_k >= 0, offsets[np.maximum(e_j, 0)] + e_k, len(step_names) - 1)
    web_events = {
        "id": ids.take("web_event", n_we),
        "session_id": s_id[e_sess],
        "event_name": np.where(e_k >= 0, "journey_step", "page_view").astype(object),
        "journey": np.where(e_j >= 0, np.array([*jnames, ""], dtype=object)[e_j], None).astype(object),
        "step_name": np.where(e_k >= 0, step_names[step_flat], None).astype(object),
        "step_index": pa.array(e_k + 1, mask=e_k < 0),
        "is_error": is_error,
        "error_code": np.where(
            is_error,
            _choice(rng, np.array(["E_TIMEOUT", "E_VALIDATION", "E_PAYMENT_DECLINED"]), n_we),
            None,
        ).astype(object),
        "occurred_at": _ts(e_time),
    }
    we_loaded = e_time + rng.uniform(1, 30, n_we) * 60
    web_events, we_loaded = _mess_rows(rng, web_events, we_loaded, mess=mess, dup_p=0.005)
    web_events["_loaded_at"] = _ts(we_loaded)
    w.write("web", "events", web_events)

    # ---------------------------------------------------------------- write: referrals
    gets_code = rng.random(n_cust) < np.clip(0.15 + 0.12 * sat, 0.02, 0.6)
    rc = np.flatnonzero(gets_code)
    code_issued = signup[rc] + rng.uniform(10, 200, len(rc)) * DAY
    keep = code_issued < as_of
    rc, code_issued = rc[keep], code_issued[keep]
    code_id = ids.take("referral_code", len(rc))
    codes_str = np.char.add("REF-", np.char.zfill(code_id.astype(str), 8)).astype(object)
    codes = {
        "code": codes_str,
        "referrer_customer_id": cust_id[rc],
        "issued_at": _ts(code_issued),
        "channel": _choice(rng, np.array(["email", "app", "post_purchase"]), len(rc)).astype(object),
    }
    cd_loaded = code_issued + rng.uniform(0.1, 2, len(rc)) * HOUR
    codes, cd_loaded = _mess_rows(rng, codes, cd_loaded, mess=mess)
    codes["_loaded_at"] = _ts(cd_loaded)
    w.write("referrals", "codes", codes)

    referred = np.flatnonzero(acq == "referral")
    if len(rc):
        srt = np.argsort(code_issued)
        avail = np.searchsorted(code_issued[srt], signup[referred])
        ok = avail > 0
        referred, avail = referred[ok], avail[ok]
        pick = srt[(rng.random(len(referred)) * avail).astype(int)]
    else:
        referred, pick = referred[:0], referred[:0]
    n_red = len(referred)
    red_status = np.where(
        rng.random(n_red) < 0.85,
        "qualified",
        np.where(rng.random(n_red) < 0.5, "pending", "rejected"),
    )
    redemptions = {
        "id": ids.take("redemption", n_red),
        "code": np.array(codes_str[: len(rc)])[pick] if n_red else np.array([], dtype=object),
        "referred_customer_id": cust_id[referred],
        "redeemed_at": _ts(signup[referred]),
        "status": red_status.astype(object),
    }
    red_loaded = signup[referred] + rng.uniform(0.1, 2, n_red) * HOUR
    redemptions, red_loaded = _mess_rows(rng, redemptions, red_loaded, mess=mess)
    redemptions["_loaded_at"] = _ts(red_loaded)
    w.write("referrals", "redemptions", redemptions)


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
    manifest = {
        "config": {**asdict(cfg), "as_of": cfg.as_of.isoformat(), "out_dir": str(cfg.out_dir)},
        "row_counts": counts,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return GenerateResult(out_dir=out, row_counts=counts, seconds=time.perf_counter() - t0)


def default_as_of() -> date:
    """Today (UTC): demo data ends now, so source freshness checks are meaningful."""
    return datetime.now(UTC).date()
