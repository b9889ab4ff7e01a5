"""Bad real input (issue 11): blank texts and local times at DST changes, on the real rows that failed."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from cxm.sentiment import score
from cxm.sentiment.blank import is_blank_text
from cxm.timeparse import check_format, check_zone, to_utc_text

from .conftest import REAL_DATA, REPO

OLIST = REAL_DATA / "olist_subset"
BLANKS = ["", " ", "\r\n", "\t \n", "\u00a0", "\u200b", "\ufeff", "\u2028", "\x00", " \x0b\x0c\x1f "]
NOT_BLANK = ["ok", " a ", "\r\nbad\r\n", "😡", ".", "\u00a0x"]


def _sql_blank_pattern() -> str:
    text = (REPO / "macros/cross_db/cx_nonblank_text.sql").read_text(encoding="utf-8")
    match = re.search(r"regexp_full_match\(\{\{ text_expr \}\}, '([^']+)'\)", text)
    assert match, "default__cx_is_blank_text pattern not found"
    return match.group(1)


def test_staging_and_scorer_agree_on_what_is_blank() -> None:
    pattern = _sql_blank_pattern()
    con = duckdb.connect()
    for text in BLANKS + NOT_BLANK:
        sql_blank = con.execute("select regexp_full_match(?, ?)", [text, pattern]).fetchone()
        assert sql_blank is not None
        assert bool(sql_blank[0]) == is_blank_text(text) == (text in BLANKS), repr(text)
    scores = score(BLANKS, ["pt"] * len(BLANKS))
    assert all(s.polarity is None and s.label is None for s in scores)


@pytest.mark.realdata
def test_real_olist_comments_of_only_crlf_are_empty_for_both() -> None:
    reviews = OLIST / "olist_order_reviews_dataset.csv"
    if not reviews.exists():
        pytest.skip(f"real data absent: {reviews}")
    raw = pd.read_csv(reviews, dtype=str, keep_default_na=False)
    crlf = raw.loc[raw["review_comment_message"] == "\r\n", "review_id"].tolist()
    assert len(crlf) == 3
    assert all(is_blank_text("\r\n") for _ in crlf)
    assert score(["\r\n"], ["pt"])[0].label is None


def test_ambiguous_local_time_is_the_earlier_instant_and_a_gap_shifts_forward() -> None:
    values = pd.Series(["2018-02-17 23:59:09", "2017-10-15 00:30:00", "2018-02-17 22:59:09", "x", None])
    got = to_utc_text(values, "%Y-%m-%d %H:%M:%S", "America/Sao_Paulo").tolist()
    # 23:59:09 was lived twice (clocks went back at midnight): the first one is UTC-2
    # 00:30 on 2017-10-15 never existed (clocks jumped 00:00 -> 01:00 local, UTC-3 -> UTC-2)
    assert got == ["2018-02-18 01:59:09", "2017-10-15 03:00:00", "2018-02-18 00:59:09", None, None]


@pytest.mark.realdata
def test_real_olist_answer_in_the_repeated_hour_parses() -> None:
    reviews = OLIST / "olist_order_reviews_dataset.csv"
    if not reviews.exists():
        pytest.skip(f"real data absent: {reviews}")
    raw = pd.read_csv(reviews, dtype=str, keep_default_na=False)
    row = raw[raw["review_answer_timestamp"] == "2018-02-17 23:59:09"]
    assert len(row) == 1
    got = to_utc_text(row["review_answer_timestamp"], "%Y-%m-%d %H:%M:%S", "America/Sao_Paulo")
    assert got.tolist() == ["2018-02-18 01:59:09"]
    everything = to_utc_text(raw["review_answer_timestamp"], "%Y-%m-%d %H:%M:%S", "America/Sao_Paulo")
    assert everything.notna().all()


def test_mixed_offsets_in_one_file_parse() -> None:
    values = pd.Series(["2024-03-30 10:00:00+01:00", "2024-04-01 10:00:00+02:00"])
    assert to_utc_text(values, "%Y-%m-%d %H:%M:%S%z", "UTC").tolist() == [
        "2024-03-30 09:00:00",
        "2024-04-01 08:00:00",
    ]
    iso = pd.Series(["2024-03-30T10:00:00+01:00", "2024-04-01T10:00:00", "2024-04-01T10:00:00Z"])
    assert to_utc_text(iso, "ISO8601", "Europe/Warsaw").tolist() == [
        "2024-03-30 09:00:00",
        "2024-04-01 08:00:00",
        "2024-04-01 10:00:00",
    ]


def test_bad_format_and_zone_are_clear_reasons() -> None:
    assert check_format("%Y-%m-%Q") and "%Q" in str(check_format("%Y-%m-%Q"))
    assert check_format("%d/%m/%Y %H:%M") is None
    assert "unknown time zone" in str(check_zone("Mars/Olympus"))
    assert check_zone("America/Sao_Paulo") is None
