"""Caller names ("my name is Anna Kowalski", "under Jones") and yes/no answers in a transcript."""

from __future__ import annotations

import re
from itertools import pairwise

from chinwag.think.slot_days import MONTHS, WEEKDAYS
from chinwag.think.slot_numbers import PARTY_NOUNS, TENS, UNITS, normalize, span_free, tokenize

_FILLERS = {"uh", "um", "er", "erm", "hmm", "mm", "ah", "oh", "yeah", "yes", "yep", "sure", "ok", "okay",
            "so", "well", "right", "no", "please", "thanks", "thank", "you", "that", "that's", "and"}

# Words that end a name: anything a caller says after "it's" / "under" that is not a name.
_NOT_NAMES = set(UNITS) | set(TENS) | set(WEEKDAYS) | set(MONTHS) | PARTY_NOUNS | _FILLERS | {
    "a", "an", "the", "for", "at", "on", "in", "to", "of", "with", "by", "from", "and", "or", "but", "is",
    "it", "its", "it's", "i", "i'm", "im", "me", "my", "we", "us", "our", "your", "their", "this", "that",
    "there", "here", "be", "am", "are", "was", "will", "would", "could", "can", "should", "do", "don't",
    "not", "just", "also", "still", "really", "actually", "only", "about", "around", "table", "booking",
    "reservation", "book", "name", "names", "name's", "surname", "calling", "looking", "wondering",
    "hoping", "trying", "going", "good", "great", "fine", "okay", "alright", "perfect", "lovely", "correct",
    "wrong", "sorry", "hungry", "interested", "tomorrow", "today", "tonight", "morning", "afternoon",
    "evening", "night", "noon", "midday", "pm", "oclock", "o'clock", "time", "day", "date", "half",
    "quarter", "past", "party", "group", "hi", "hello", "hey", "bye", "goodbye", "what", "when", "where",
    "how", "why", "who", "which", "make", "change", "want", "like", "need", "have", "has", "get", "see",
    "cancel", "call", "speaking", "new", "next", "last", "same", "other", "welcome", "done",
    "ready", "back", "free", "open", "closed", "vegetarian", "vegan", "menu", "allergic", "sure", "under",
    "after", "before", "over", "off", "up", "down", "into", "out", "very", "too", "quite", "pretty", "nice",
    "cold", "hot", "late", "early", "busy", "quiet", "possible", "him", "her", "them", "myself", "yourself",
    "probably", "maybe", "definitely", "booked", "sorted", "all", "everything", "nothing",
}


# --- name --------------------------------------------------------------------------------------------

_NAME_TRIGGERS = [
    ["my", "name", "is"], ["my", "names"], ["my", "name's"], ["the", "name", "is"], ["name", "is"],
    ["name's"],
    ["surname", "is"], ["last", "name", "is"], ["under", "the", "name", "of"], ["under", "the", "name"],
    ["under", "name"], ["under"], ["call", "me"], ["in", "the", "name", "of"], ["name"],
    ["this", "is"], ["it's"], ["its"], ["i'm"], ["im"], ["i", "am"],
]
_TITLES = {"mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "dr": "Dr", "doctor": "Dr", "mister": "Mr"}


def _title_case(word: str) -> str:
    parts = re.split(r"(['-])", word)
    return "".join(p.capitalize() if p.isalpha() else p for p in parts)


def _name_tokens(toks: list[str], j: int, weak: bool = False,
                 breaks: frozenset[int] | set[int] = frozenset()) -> tuple[str, int] | None:
    """Up to three name words from ``j``. ``weak``: after "it's"/"I'm", where "it's raining" is common,
    so words ending in -ing are taken for verbs, not names."""
    words: list[str] = []
    if j < len(toks) and toks[j] in _TITLES:
        words.append(_TITLES[toks[j]])
        j += 1
    start = len(words)
    while j < len(toks) and len(words) - start < 3 and (j not in breaks or len(words) == start):
        tok = toks[j]
        if tok in _NOT_NAMES or not re.fullmatch(r"[a-z][a-z'-]*", tok) or len(tok) < 2:
            break
        if weak and tok.endswith("ing"):
            break
        words.append(_title_case(tok))
        j += 1
    if len(words) == start:
        return None
    return " ".join(words), j


def extract_name(text: str, expecting: bool = False) -> str | None:
    toks, breaks = tokenize(text)
    return take_name(toks, set(), expecting, breaks)


def take_name(toks: list[str], used: set[int], expecting: bool, breaks: set[int]) -> str | None:
    """The first name in ``toks`` outside ``used``; marks the tokens it read as used."""
    for i in range(len(toks)):
        for trigger in _NAME_TRIGGERS:
            if toks[i:i + len(trigger)] == trigger and span_free(used, i, i + len(trigger)):
                weak = trigger in (["it's"], ["its"], ["i'm"], ["im"], ["this", "is"], ["i", "am"])
                hit = _name_tokens(toks, i + len(trigger), weak, breaks)
                if hit and span_free(used, i, hit[1]):
                    used.update(range(i, hit[1]))
                    return hit[0]
    if expecting:
        i = 0
        while i < len(toks) and (toks[i] in _FILLERS or i in used):
            i += 1
        hit = _name_tokens(toks, i, breaks=breaks)
        ends_clean = hit is not None and (hit[1] == len(toks) or toks[hit[1]] in _FILLERS or hit[1] in breaks
                                          or len(toks[hit[1]]) == 1)  # "Smith, S M I T H"
        if hit and ends_clean and span_free(used, i, hit[1]):
            used.update(range(i, hit[1]))
            return hit[0]
    return None


# --- yes / no ----------------------------------------------------------------------------------------

_YES_PHRASES = ["no problem", "no worries", "go ahead", "sounds good", "book it", "do it", "that's right",
                "thats right", "that's correct", "that's it", "please do", "all good", "spot on"]
_NO_WORDS = {"no", "nope", "nah", "not", "wrong", "incorrect", "don't", "dont", "wait", "actually",
             "change", "hang"}
_YES_WORDS = {"yes", "yeah", "yep", "yup", "yea", "ya", "sure", "correct", "right", "perfect", "great",
              "lovely", "absolutely", "definitely", "ok", "okay", "fine", "please", "brilliant",
              "excellent", "exactly", "certainly", "indeed", "aye", "affirmative"}


# A "no" that closes the call ("no thanks", "nope, that's all"), as opposed to a correction ("wait",
# "hang on", "actually") or a question ("hang on, is that per person?").
_DONE_WORDS = {"no", "nope", "nah", "nothing"}
_DONE_PHRASES = ["that's all", "thats all", "that's everything", "i'm good", "im good", "don't need", "dont need"]
_QUESTION_WORDS = {"is", "are", "do", "does", "can", "could", "what", "when", "where", "how", "who", "which",
                   "why"}
_SUBJECTS = {"that", "it", "this", "there", "you", "i", "we", "they", "he", "she"}


def _asks(text: str, toks: list[str]) -> bool:
    """A question: a question mark, or an inverted "is that", "can I", "do you" anywhere."""
    return "?" in text or any(a in _QUESTION_WORDS and b in _SUBJECTS for a, b in pairwise(toks))


def is_done_no(text: str) -> bool:
    """The caller declines more help: a plain "no", not a correction or a question."""
    toks = normalize(text)
    joined = " " + " ".join(toks) + " "
    if _asks(text, toks):
        return False
    if any(t in {"wait", "hang", "actually", "change"} for t in toks):
        return False
    return any(t in _DONE_WORDS for t in toks) or any(f" {p} " in joined for p in _DONE_PHRASES)


def extract_yes_no(text: str) -> bool | None:
    """True for a yes, False for a no (or a correction), None when it is neither."""
    toks = normalize(text)
    joined = " " + " ".join(toks) + " "
    if any(f" {p} " in joined for p in _YES_PHRASES) and not any(t in ("not", "don't", "dont") for t in toks):
        return True
    if any(t in _NO_WORDS for t in toks):
        return False
    if any(t in _YES_WORDS for t in toks):
        return True
    return None
