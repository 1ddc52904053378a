"""Number words, ordinals and the token list every slot extractor works on.

Whisper writes the same words many ways ("4 people", "four people", "7:30 p.m."), so ``tokenize``
flattens them into one token form; ``number_at`` and ``ordinal_at`` then read digits and words alike.
"""

from __future__ import annotations

import re

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
NUMBER_WORDS = {w: i for i, w in enumerate(UNITS)} | TENS | {"oh": 0, "a dozen": 12}
_ORDINAL_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                  "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                  "seventeenth", "eighteenth", "nineteenth"]
_ORDINALS = {w: i for i, w in enumerate(_ORDINAL_UNITS) if w} | {"twentieth": 20, "thirtieth": 30}
PARTY_NOUNS = {"people", "persons", "person", "guests", "guest", "adults", "adult", "diners", "pax", "of",
                "children", "child", "kids", "kid", "babies", "baby", "toddlers", "toddler", "covers"}


# --- normalisation ---------------------------------------------------------------------------------

def normalize(text: str) -> list[str]:
    """Lowercase tokens with punctuation gone, "p.m." -> "pm", "7pm" -> "7 pm", "12th" kept whole."""
    return tokenize(text)[0]


def tokenize(text: str) -> tuple[list[str], set[int]]:
    """``normalize``'s tokens, plus the indices of tokens that begin a new clause (after . , ; ! ?),
    which a name must not run across: "Anna. Anna Kowalski." is not one three-word name."""
    t = re.sub(r"\[[^\]]*\]|\([^)]*\)|\*[^*]*\*", " ", text)  # Whisper's "[BLANK_AUDIO]", "(laughs)"
    t = t.lower().replace("’", "'")
    t = re.sub(r"(?<![a-z])([ap])\.\s?m\.?(?![a-z])", r"\1m", t)
    t = t.replace("o'clock", " oclock ").replace("o clock", " oclock ")
    t = re.sub(r"(\d)(am|pm|ish)\b", r"\1 \2", t)
    t = re.sub(r"\b(" + "|".join(UNITS[1:13]) + r")ish\b", r"\1", t)  # "sevenish" -> "seven"
    t = re.sub(r"(\d)[.:](\d\d)\b", r"\1:\2", t)  # keep 7:30 / 7.30 as one token
    t = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", t)  # "twenty-five" -> "twenty five"
    t = re.sub(r"\b(mr|mrs|ms|dr|st)\.", r"\1", t)
    t = re.sub(r"[.,;!?]+", " | ", t)
    t = re.sub(r"[^a-z0-9:'| ]+", " ", t)
    t = re.sub(r"(?<![a-z])'|'(?![a-z])", " ", t)
    toks: list[str] = []
    breaks: set[int] = set()
    for tok in t.split():
        if tok == "|":
            breaks.add(len(toks))
        else:
            toks.append(tok)
    return toks, breaks


def number_at(toks: list[str], i: int) -> tuple[int, int] | None:
    """(value, next index) for a number written as digits or words ("twenty five") at ``i``."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.isdigit():
        return int(tok), i + 1
    if tok == "a" and i + 1 < len(toks) and toks[i + 1] == "dozen":
        return 12, i + 2
    if tok in TENS:
        value = TENS[tok]
        if i + 1 < len(toks) and toks[i + 1] in NUMBER_WORDS and 0 < NUMBER_WORDS[toks[i + 1]] < 10:
            return value + NUMBER_WORDS[toks[i + 1]], i + 2
        return value, i + 1
    if tok in NUMBER_WORDS and tok != "oh":
        return NUMBER_WORDS[tok], i + 1
    return None


def ordinal_at(toks: list[str], i: int) -> tuple[int, int] | None:
    """(day number, next index) for an ordinal ("12th", "twenty first") at ``i``."""
    if i >= len(toks):
        return None
    m = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)", toks[i])
    if m:
        return int(m.group(1)), i + 1
    if toks[i] in ("twenty", "thirty") and i + 1 < len(toks) and toks[i + 1] in _ORDINALS:
        return TENS[toks[i]] + _ORDINALS[toks[i + 1]], i + 2
    if toks[i] in _ORDINALS:
        return _ORDINALS[toks[i]], i + 1
    return None


def span_free(used: set[int], start: int, end: int) -> bool:
    """Whether no token in ``start:end`` was already taken by another slot."""
    return not any(k in used for k in range(start, end))
