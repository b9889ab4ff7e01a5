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
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cxm.generate import RAW_TABLES

DAY_US = 86_400 * 1_000_000


@dataclass(frozen=True)
class BatchPlan:
    batches: int = 3
    late_window_days: float = 2.0
    late_share: float = 0.5
    redelivery_share: float = 0.02
    seed: int = 11
    # where to cut, as quantiles of the landing time; default: `batches` equal parts.
    # (0.99,) gives a first delivery of 99% and a last one of the newest 1% (the benchmark).
    cut_quantiles: tuple[float, ...] | None = None

    @property
    def quantiles(self) -> tuple[float, ...]:
        if self.cut_quantiles is None:
            return tuple(k / self.batches for k in range(1, self.batches))
        if list(self.cut_quantiles) != sorted(self.cut_quantiles) or not all(
            0 < q < 1 for q in self.cut_quantiles
        ):
            raise ValueError(f"cut_quantiles must rise strictly between 0 and 1: {self.cut_quantiles}")
        return tuple(self.cut_quantiles)

    @property
    def n_batches(self) -> int:
        return len(self.quantiles) + 1


def _landed_us(table: pa.Table) -> np.ndarray:
    """_loaded_at as microseconds since the epoch (NaN where missing)."""
    col = pc.cast(table.column("_loaded_at"), pa.timestamp("us"))
    return np.asarray(pc.cast(col, pa.int64()).to_numpy(zero_copy_only=False), dtype="float64")


def split_into_batches(data_dir: Path, out_dir: Path, plan: BatchPlan | None = None) -> dict[str, list[int]]:
    """Write out_dir/batch_<k>/<source>/<table>.parquet; returns rows per table and batch.

    Column types are kept exactly (Arrow throughout), so every batch lands with the schema
    the sources YAML declares.
    """
    plan = plan or BatchPlan()
    rng = np.random.default_rng(plan.seed)
    tables = {
        f"{s}/{t}": pq.read_table(Path(data_dir) / s / f"{t}.parquet")
        for s, ts in RAW_TABLES.items()
        for t in ts
    }
    landed_all = np.concatenate([_landed_us(t) for t in tables.values()])
    landed_all = landed_all[~np.isnan(landed_all)]
    cuts = [float(np.quantile(landed_all, q)) for q in plan.quantiles]
    n_batches = plan.n_batches
    late_window = plan.late_window_days * DAY_US
    counts: dict[str, list[int]] = {}
    for name, table in tables.items():
        landed = _landed_us(table)
        batch = np.searchsorted(np.array(cuts), landed, side="right")
        batch = np.where(np.isnan(landed), n_batches - 1, batch)
        # late rows: landed just before a cut, delivered with the next batch
        for k, cut in enumerate(cuts):
            near_cut = (batch == k) & (landed >= cut - late_window)
            batch = np.where(near_cut & (rng.random(len(batch)) < plan.late_share), k + 1, batch)
        parts = [table.filter(pa.array(batch == k)) for k in range(n_batches)]
        # re-deliveries of earlier rows in a later batch, landed with that batch
        for k in range(n_batches - 1):
            picked = parts[k].filter(pa.array(rng.random(parts[k].num_rows) < plan.redelivery_share))
            target = int(rng.integers(k + 1, n_batches))
            landings = parts[target].column("_loaded_at").drop_null()
            if picked.num_rows == 0 or len(landings) == 0:
                continue
            when = landings.take(pa.array(rng.integers(0, len(landings), picked.num_rows)))
            picked = picked.set_column(
                picked.schema.get_field_index("_loaded_at"),
                "_loaded_at",
                when.cast(picked.schema.field("_loaded_at").type),
            )
            if "score" in picked.column_names:
                change = rng.random(picked.num_rows)
                old = np.asarray(picked.column("score").to_pylist(), dtype=object)
                new = np.where(change < 0.4, "5", np.where(change < 0.6, "eleven", old))
                field = picked.schema.get_field_index("score")
                picked = picked.set_column(
                    field, "score", pa.array(list(new), type=picked.schema.field("score").type)
                )
            parts[target] = pa.concat_tables([parts[target], picked])
        counts[name] = [p.num_rows for p in parts]
        for k, part in enumerate(parts):
            path = Path(out_dir) / f"batch_{k + 1}" / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(part, path)
    return counts
