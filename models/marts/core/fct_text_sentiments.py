"""One row per open text (survey comment, customer ticket message) with its sentiment and topics.

Python model: runs in-process on DuckDB (dbt-duckdb); `dbt.ref()` gives a DuckDBPyRelation.
Scoring is `cxm.sentiment.score`: the trained model shipped in the package for the languages
it was trained on, the VADER-style lexicon and rules for the others; the language of every
text is detected with lingua (used for scoring when the customer's language is not covered).
Nothing downloaded, deterministic; see fct_text_sentiments.yml and DECISIONLOG.md#text-sentiment.
Disabled on engines without Python models (Spark through dbt-spark's session method), with
everything that refs it; no SQL fact or mart refs it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cxm.sentiment import LABEL_THRESHOLD, score


def model(dbt: Any, session: Any) -> pd.DataFrame:
    dbt.config(materialized="table")
    texts = (
        dbt.ref("int_open_texts_unioned").df().sort_values("text_key", kind="stable").reset_index(drop=True)
    )
    scores = score(texts["text_body"].tolist(), texts["customer_language"].tolist(), detect_all=True)
    written_at = pd.to_datetime(texts["written_at"])
    labels = [s.label for s in scores]
    return pd.DataFrame(
        {
            "text_key": texts["text_key"],
            "source_kind": texts["source_kind"],
            "source_id": texts["source_id"],
            "customer_id": texts["customer_id"].astype("Int64"),
            "customer_language": texts["customer_language"],
            "scored_language": [s.language for s in scores],
            "detected_language": [s.detected_language for s in scores],
            "language_confidence": pd.array([s.language_confidence for s in scores], dtype="Float64"),
            "region": texts["region"],
            "value_tier": texts["value_tier"],
            "text_length": texts["text_body"].str.len().astype("int32"),
            "polarity_score": [s.polarity for s in scores],
            "sentiment_label": labels,
            "label_threshold": LABEL_THRESHOLD,
            "is_negative": pd.array([int(x == "negative") for x in labels], dtype="int32"),
            "is_neutral": pd.array([int(x == "neutral") for x in labels], dtype="int32"),
            "is_positive": pd.array([int(x == "positive") for x in labels], dtype="int32"),
            "topics": [",".join(s.topics) for s in scores],
            "primary_topic": [s.primary_topic for s in scores],
            "written_at": written_at,
            "written_month": written_at.dt.to_period("M").dt.start_time.dt.date,
        }
    )
