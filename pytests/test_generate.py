"""The synthetic data generator: deterministic, scalable, messy on purpose."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from cxm.generate import RAW_TABLES, GenerateConfig, generate

AS_OF = date(2026, 6, 30)


def _digest(folder: Path) -> dict[str, str]:
    out = {}
    for source, tables in RAW_TABLES.items():
        for table in tables:
            data = pq.read_table(folder / source / f"{table}.parquet")
            out[f"{source}.{table}"] = hashlib.sha256(
                data.to_pandas().to_csv(index=False).encode()
            ).hexdigest()
    return out


def test_same_seed_gives_identical_data(tmp_path: Path) -> None:
    a = generate(GenerateConfig(scale=0.1, seed=3, as_of=AS_OF, out_dir=tmp_path / "a"))
    b = generate(GenerateConfig(scale=0.1, seed=3, as_of=AS_OF, out_dir=tmp_path / "b"))
    generate(GenerateConfig(scale=0.1, seed=4, as_of=AS_OF, out_dir=tmp_path / "c"))
    assert a.row_counts == b.row_counts
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_every_table_grows_with_the_scale(tmp_path: Path) -> None:
    small = generate(GenerateConfig(scale=0.1, seed=1, as_of=AS_OF, out_dir=tmp_path / "s"))
    large = generate(GenerateConfig(scale=0.4, seed=1, as_of=AS_OF, out_dir=tmp_path / "l"))
    assert set(small.row_counts) == {f"{s}.{t}" for s, ts in RAW_TABLES.items() for t in ts}
    for table, n in small.row_counts.items():
        assert n > 0, table
        ratio = large.row_counts[table] / n
        # employee pulse grows with sqrt(scale) (teams grow slower than the customer base)
        low = 1.5 if table == "hr.pulse_responses" else 2.5
        assert ratio > low, (table, n, large.row_counts[table])


def test_the_mess_real_loaders_deliver_is_there(tmp_path: Path) -> None:
    generate(GenerateConfig(scale=0.5, seed=11, as_of=AS_OF, out_dir=tmp_path))
    con = duckdb.connect()
    responses = (tmp_path / "surveys" / "responses.parquet").as_posix()
    dupes = con.execute(f"select count(*) - count(distinct id) from read_parquet('{responses}')").fetchone()
    assert dupes and dupes[0] > 0, "some responses must be delivered twice"
    bad_scores = con.execute(
        f"""select count(*) from read_parquet('{responses}')
            where score is null or try_cast(trim(score) as integer) is null
               or try_cast(trim(score) as integer) not between 0 and 10"""
    ).fetchone()
    assert bad_scores and bad_scores[0] > 0
    offsets = con.execute(
        f"""select count(distinct regexp_extract(submitted_at, '([+-][0-9]{{2}}:[0-9]{{2}}|Z)$'))
            from read_parquet('{responses}')"""
    ).fetchone()
    assert offsets and offsets[0] >= 4, "timestamps come with mixed UTC offsets"
    late = con.execute(
        f"""select count(*) from read_parquet('{(tmp_path / "shop" / "orders.parquet").as_posix()}')
            where _loaded_at > ordered_at + interval 1 day"""
    ).fetchone()
    assert late and late[0] > 0, "some rows arrive late"


def test_cause_and_effect_late_delivery_lowers_csat(tmp_path: Path) -> None:
    generate(GenerateConfig(scale=1, seed=5, as_of=AS_OF, out_dir=tmp_path, mess=False))
    con = duckdb.connect()
    p = tmp_path.as_posix()
    late, on_time = con.execute(
        f"""
        select
            avg(case when d.delivered_at > d.promised_date + interval 1 day then cast(r.score as int) end),
            avg(case when d.delivered_at <= d.promised_date + interval 1 day then cast(r.score as int) end)
        from read_parquet('{p}/surveys/invitations.parquet') i
        join read_parquet('{p}/surveys/responses.parquet') r on r.invitation_id = i.id
        join read_parquet('{p}/logistics/deliveries.parquet') d on d.order_id = i.order_id
        where i.survey_type = 'csat_delivery'
        """
    ).fetchone()
    assert late < on_time - 0.5, (late, on_time)
