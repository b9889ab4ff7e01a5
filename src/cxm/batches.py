"""Split generated raw data into deliveries, the way an incremental connector lands it.

`split_into_batches` cuts every raw table of a generated folder into n batches by landing
time (`_loaded_at`), then adds what real incremental syncs do:
- late rows: some rows that landed shortly before a cut (within `late_window_days`) arrive
  only with the next batch, keeping their earlier `_loaded_at`;
- re-deliveries: some rows are delivered again in a later batch with that batch's landing
  time; answers re-delivered get a changed (usable) score or an unusable one, so the
  warehouse must keep the latest usable delivery.
Each batch is a folder like the generator's (<source>/<table>.parquet), to land with
`cxm load` (batch 1) and `cxm load --append` (the others). The union of all batches is the
data a full refresh sees. Deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cxm.generate import RAW_TABLES

DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class BatchPlan:
    batches: int = 3
    late_window_days: float = 2.0
    late_share: float = 0.5
    redelivery_share: float = 0.02
    seed: int = 11


def _cut_points(frames: dict[str, pd.DataFrame], n: int) -> list[pd.Timestamp]:
    loaded = pd.concat([df["_loaded_at"] for df in frames.values()]).dropna()
    return [pd.Timestamp(loaded.quantile(k / n)) for k in range(1, n)]


def split_into_batches(data_dir: Path, out_dir: Path, plan: BatchPlan | None = None) -> dict[str, list[int]]:
    """Write out_dir/batch_<k>/<source>/<table>.parquet; returns rows per table and batch."""
    plan = plan or BatchPlan()
    rng = np.random.default_rng(plan.seed)
    frames = {
        f"{s}/{t}": pd.read_parquet(Path(data_dir) / s / f"{t}.parquet") for s, ts in RAW_TABLES.items() for t in ts
    }
    cuts = _cut_points(frames, plan.batches)
    late_window = plan.late_window_days * DAY
    counts: dict[str, list[int]] = {}
    for name, df in frames.items():
        loaded = df["_loaded_at"]
        batch = np.searchsorted(np.array(cuts, dtype="datetime64[ns]"), loaded.to_numpy(), side="right")
        batch = np.where(loaded.isna().to_numpy(), plan.batches - 1, batch)
        # late rows: landed just before a cut, delivered with the next batch
        for k, cut in enumerate(cuts):
            near_cut = (batch == k) & (loaded >= cut - late_window).to_numpy()
            late = near_cut & (rng.random(len(df)) < plan.late_share)
            batch = np.where(late, k + 1, batch)
        parts = [df[batch == k].copy() for k in range(plan.batches)]
        # re-deliveries of earlier rows in a later batch, landed with that batch
        for k in range(plan.batches - 1):
            source = parts[k]
            picked = source[rng.random(len(source)) < plan.redelivery_share].copy()
            if picked.empty:
                continue
            target = int(rng.integers(k + 1, plan.batches))
            landed = parts[target]["_loaded_at"].dropna()
            if landed.empty:
                continue
            picked["_loaded_at"] = landed.sample(len(picked), replace=True, random_state=plan.seed + k).to_numpy()
            if "score" in picked.columns:
                change = rng.random(len(picked))
                picked["score"] = np.where(change < 0.4, "5", np.where(change < 0.6, "eleven", picked["score"]))
            parts[target] = pd.concat([parts[target], picked], ignore_index=True)
        counts[name] = [len(p) for p in parts]
        for k, part in enumerate(parts):
            path = Path(out_dir) / f"batch_{k + 1}" / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            part.to_parquet(path, index=False)
    return counts
