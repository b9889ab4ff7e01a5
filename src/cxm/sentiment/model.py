"""The trained sentiment model: hashed character and word n-grams plus the lexicon's own score,
one multinomial logistic regression over every language with labelled data.

    >>> from cxm.sentiment.model import load_model
    >>> load_model().languages
    ('ar', 'de', 'en', 'es', 'fr', 'hi', 'it', 'pt')

Trained by `cxm train-sentiment` (`train`) on the *train* splits of the labelled tweets
(`sentiment_multilingual/<language>/train_*.txt`, negative / neutral / positive) and on the
Olist reviews written before OLIST_CUTOFF (1-2 stars negative, 4-5 positive); the validation
splits, the Olist reviews from the cut-off on and the telecom comments are never read by
training (`cxm bench-sentiment` reports on them). The model is a NumPy `.npz` file inside
this package (MODEL_FILE, a few MB, loaded without pickle and without network): the inverse
document frequencies and the coefficients. Features of a text:

- character n-grams (2-5, inside word boundaries) and word uni- and bigrams of the
  normalised text (lower case, URLs and @mentions replaced by a placeholder), hashed
  (HashingVectorizer, 2**HASH_BITS buckets each, no vocabulary to ship), tf-idf weighted;
- the lexicon scorer's polarity of the text in its language (`cxm.sentiment.engine`:
  negation, intensifiers, contrast, emoji) and whether it is positive / negative by the
  lexicon's threshold, scaled by LEXICON_WEIGHT;
- the language (one indicator per language), so each language has its own prior.

Polarity of a text = P(positive) - P(negative) in [-1, 1]. The label cuts that polarity at
the model's threshold (fitted on out-of-fold predictions of the training data, see
`train`); `cxm.sentiment` rescales it so that every scorer labels at +-0.05.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

MODEL_FILE = Path(__file__).with_name("sentiment_model.npz")
CLASSES: tuple[str, ...] = ("negative", "neutral", "positive")
# the tweets' languages (XLM-T); Olist adds Portuguese reviews
TRAIN_LANGUAGES: dict[str, str] = {
    "arabic": "ar",
    "german": "de",
    "english": "en",
    "spanish": "es",
    "french": "fr",
    "hindi": "hi",
    "italian": "it",
    "portuguese": "pt",
}
OLIST_CUTOFF = date(2018, 4, 1)
HASH_BITS = 18
LEXICON_WEIGHT = 3.0
REGULARISATION_C = 3.0
THRESHOLDS: tuple[float, ...] = tuple(round(x * 0.05, 2) for x in range(1, 13))

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")

LexiconScorer = Callable[[Sequence[str], Sequence[str]], list[float]]


def normalise(text: str) -> str:
    """Lower case; URLs become `http`, @mentions `@user` (they carry no sentiment)."""
    return _MENTION.sub("@user", _URL.sub("http", text)).lower()


@lru_cache(maxsize=1)
def _vectorisers() -> tuple[Any, Any]:
    from sklearn.feature_extraction.text import HashingVectorizer

    common: dict[str, Any] = {
        "n_features": 2**HASH_BITS,
        "alternate_sign": False,
        "norm": None,
        "lowercase": False,
        "dtype": np.float32,
    }
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), **common)
    words = HashingVectorizer(
        analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b|[^\w\s]", **common
    )
    return chars, words


def counts(texts: Sequence[str]) -> sp.csr_matrix:
    """Raw hashed n-gram counts: character n-grams, then word n-grams."""
    chars, words = _vectorisers()
    normalised = [normalise(t) for t in texts]
    return sp.hstack([chars.transform(normalised), words.transform(normalised)], format="csr")


def dense_features(polarities: Sequence[float], codes: Sequence[str], languages: Sequence[str]) -> np.ndarray:
    """Lexicon polarity, its positive / negative flags (x LEXICON_WEIGHT) and one indicator per language."""
    p = np.asarray(polarities, dtype=np.float32)
    lex = np.column_stack([p, p >= 0.05, p <= -0.05]).astype(np.float32) * LEXICON_WEIGHT
    index = {code: i for i, code in enumerate(languages)}
    onehot = np.zeros((len(codes), len(languages)), dtype=np.float32)
    for row, code in enumerate(codes):
        onehot[row, index[code]] = 1.0
    return np.hstack([lex, onehot])


def _tfidf(raw: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    x = raw.copy()
    x.data = np.log1p(x.data)  # sublinear tf: 1 + log(tf) on non-zero counts
    x.data += 1.0
    x = x.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(x.multiply((1.0 / norms)[:, None]), dtype=np.float32)


def design(texts: Sequence[str], polarities: Sequence[float], codes: Sequence[str], model: Any) -> Any:
    """The model's input rows: tf-idf n-grams (L2-normalised) beside the dense features."""
    x = _tfidf(counts(texts), model.idf)
    dense = dense_features(polarities, codes, model.languages)
    return sp.hstack([x, sp.csr_matrix(dense)], format="csr")


@dataclass(frozen=True)
class SentimentModel:
    """Inverse document frequencies, coefficients (3 classes x features) and the label threshold."""

    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    languages: tuple[str, ...]
    threshold: float

    def polarity(self, texts: Sequence[str], codes: Sequence[str], lexicon: Sequence[float]) -> np.ndarray:
        """P(positive) - P(negative) of each text (codes: languages of the model)."""
        if not texts:
            return np.zeros(0)
        logits = design(texts, lexicon, codes, self) @ self.coef.T.astype(np.float64) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        return np.clip(p[:, 2] - p[:, 0], -1.0, 1.0)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float64),
            languages=np.array(self.languages),
            threshold=np.array(self.threshold),
            hash_bits=np.array(HASH_BITS),
            lexicon_weight=np.array(LEXICON_WEIGHT),
        )


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> SentimentModel:
    """The shipped model (read once per process; plain arrays, no pickle, no network)."""
    with np.load(path, allow_pickle=False) as z:
        if int(z["hash_bits"]) != HASH_BITS or float(z["lexicon_weight"]) != LEXICON_WEIGHT:
            raise ValueError(f"{path} was trained with other feature settings; run `cxm train-sentiment`")
        return SentimentModel(
            idf=z["idf"],
            coef=z["coef"],
            intercept=z["intercept"],
            languages=tuple(str(x) for x in z["languages"]),
            threshold=float(z["threshold"]),
        )


# --- training -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingData:
    texts: list[str]
    codes: list[str]
    labels: list[str]
    sources: list[str]


def read_labelled_tweets(root: Path, split: str) -> list[tuple[str, str, str]]:
    """(text, language, label) of every tweet of `split` (train or val) under root/sentiment_multilingual."""
    out: list[tuple[str, str, str]] = []
    for folder, code in TRAIN_LANGUAGES.items():
        base = root / "sentiment_multilingual" / folder
        text_file, label_file = base / f"{split}_text.txt", base / f"{split}_labels.txt"
        if not (text_file.exists() and label_file.exists()):
            continue
        labels = [CLASSES[int(x)] for x in label_file.read_text(encoding="utf-8").split()]
        texts = text_file.read_text(encoding="utf-8").split("\n")[: len(labels)]
        out.extend((t, code, y) for t, y in zip(texts, labels, strict=True))
    return out


def read_olist_reviews(root: Path, before: bool) -> list[tuple[str, str]]:
    """(text, label) of Olist reviews written before (or from) OLIST_CUTOFF; 3 stars and empty left out;
    a review_id is kept once."""
    path = root / "olist_subset" / "olist_order_reviews_dataset.csv"
    if not path.exists():
        return []
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            parts = (row["review_comment_title"], row["review_comment_message"])
            text = ". ".join(x.strip() for x in parts if x and x.strip())
            stars = int(row["review_score"])
            written = date.fromisoformat(row["review_creation_date"][:10])
            if not text or stars == 3 or (written < OLIST_CUTOFF) != before or row["review_id"] in seen:
                continue
            seen.add(row["review_id"])
            out.append((text, "negative" if stars <= 2 else "positive"))
    return out


def training_data(root: Path) -> TrainingData:
    tweets = read_labelled_tweets(root, "train")
    reviews = read_olist_reviews(root, before=True)
    return TrainingData(
        texts=[t for t, _, _ in tweets] + [t for t, _ in reviews],
        codes=[c for _, c, _ in tweets] + ["pt"] * len(reviews),
        labels=[y for _, _, y in tweets] + [y for _, y in reviews],
        sources=[f"tweets:{c}" for _, c, _ in tweets] + ["reviews:olist"] * len(reviews),
    )


def _idf(raw: sp.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's TfidfTransformer: ln((1+n)/(1+df)) + 1."""
    df = np.bincount(raw.indices, minlength=raw.shape[1])
    return (np.log((1.0 + raw.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)


def fit(texts: Sequence[str], codes: Sequence[str], labels: Sequence[str], lexicon: Sequence[float]) -> Any:
    """A SentimentModel with threshold 0 fitted on these rows (lbfgs: deterministic for the same rows)."""
    from sklearn.linear_model import LogisticRegression

    raw = counts(texts)
    languages = tuple(sorted(set(TRAIN_LANGUAGES.values())))
    shell = SentimentModel(_idf(raw), np.zeros((3, 1)), np.zeros(3), languages, 0.0)
    x = sp.hstack(
        [_tfidf(raw, shell.idf), sp.csr_matrix(dense_features(lexicon, codes, languages))], format="csr"
    )
    clf = LogisticRegression(C=REGULARISATION_C, max_iter=1000, tol=1e-4)
    clf.fit(x, np.asarray(labels))
    assert tuple(clf.classes_) == CLASSES, clf.classes_
    return SentimentModel(shell.idf, clf.coef_.astype(np.float32), clf.intercept_, languages, 0.0)


def label_at(polarity: np.ndarray, threshold: float) -> np.ndarray:
    return np.where(
        polarity >= threshold, "positive", np.where(polarity <= -threshold, "negative", "neutral")
    )


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    f1s = []
    for c in CLASSES:
        tp = np.sum((truth == c) & (predicted == c))
        fp = np.sum((truth != c) & (predicted == c))
        fn = np.sum((truth == c) & (predicted != c))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1s))


def choose_threshold(data: TrainingData, lexicon: Sequence[float], folds: int = 3) -> dict[str, Any]:
    """The polarity threshold with the best mean macro-F1 over the tweet languages, on one held-out
    fold (1 / folds of the training rows, drawn with a fixed seed: the label files cycle through
    the classes, so every n-th row would not do) predicted by a model fitted on the other rows."""
    n = len(data.texts)
    held = np.random.default_rng(18).permutation(n) % folds == 0
    tr, te = np.flatnonzero(~held), np.flatnonzero(held)
    m = fit(
        [data.texts[i] for i in tr],
        [data.codes[i] for i in tr],
        [data.labels[i] for i in tr],
        [lexicon[i] for i in tr],
    )
    polarity = m.polarity([data.texts[i] for i in te], [data.codes[i] for i in te], [lexicon[i] for i in te])
    labels, sources = np.asarray(data.labels)[te], np.asarray(data.sources)[te]
    tweets = sorted(s for s in set(sources) if s.startswith("tweets:"))
    scores: dict[float, float] = {}
    for t in THRESHOLDS:
        predicted = label_at(polarity, t)
        scores[t] = float(np.mean([macro_f1(labels[sources == s], predicted[sources == s]) for s in tweets]))
    best = max(THRESHOLDS, key=lambda t: (round(scores[t], 6), -t))
    per_language = {
        s: round(macro_f1(labels[sources == s], label_at(polarity, best)[sources == s]), 4) for s in tweets
    }
    return {
        "threshold": best,
        "held_out_rows": len(te),
        "held_out_mean_macro_f1_by_threshold": {str(t): round(v, 4) for t, v in scores.items()},
        "held_out_macro_f1_at_threshold": per_language,
    }


def train(root: Path, out: Path, lexicon_scorer: LexiconScorer, folds: int = 3) -> dict[str, Any]:
    """Fit the model on the training data under root and write it to `out`; returns a summary."""
    data = training_data(root)
    if not data.texts:
        raise FileNotFoundError(f"no training data under {root} (sentiment_multilingual/*/train_*.txt)")
    lexicon = lexicon_scorer(data.texts, data.codes)
    chosen = choose_threshold(data, lexicon, folds) if folds > 1 else {"threshold": 0.3}
    model = fit(data.texts, data.codes, data.labels, lexicon)
    model = SentimentModel(model.idf, model.coef, model.intercept, model.languages, chosen["threshold"])
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    load_model.cache_clear()
    return {
        "model_file": str(out),
        "bytes": out.stat().st_size,
        "rows": {s: data.sources.count(s) for s in sorted(set(data.sources))},
        "olist_cutoff": OLIST_CUTOFF.isoformat(),
        **chosen,
    }
