"""What the words so far say about the end of a turn: how the recognised text *ends*.

Word lists, because they are cheap and exact where they apply: a filler ("um"), a connective or
preposition ("and", "for"), a number after "for"/"at" ("for six ... thirty"), a closer ("please",
"thanks"). What they do not list, the language model's completion score covers (``completion.py``).
"""

from __future__ import annotations

import functools
import math
import re

FILLERS = frozenset({"um", "uh", "er", "erm", "uhm", "hmm", "mm", "ah"})
CONNECTIVES = frozenset(
    {
        "and",
        "but",
        "so",
        "because",
        "or",
        "if",
        "then",
        "to",
        "the",
        "a",
        "an",
        "at",
        "for",
        "with",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "of",
        "in",
        "on",
        "from",
        "about",
        "is",
        "are",
        "was",
        "by",
        "into",
        "like",
        "than",
        "when",
        "where",
        "which",
        "who",
        "some",
        "this",
        "these",
        "those",
    }
)
NUMBER_WORDS = frozenset(
    {
        "zero",
        "oh",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "half",
    }
)
NUMBER_LEADS = frozenset({"at", "for", "around", "about", "is", "to"})
QUESTION_STARTS = frozenset(
    {
        "what",
        "what's",
        "when",
        "where",
        "who",
        "how",
        "why",
        "which",
        "can",
        "could",
        "would",
        "will",
        "do",
        "does",
        "did",
        "is",
        "are",
        "may",
        "should",
        "have",
        "has",
    }
)
CLOSERS = frozenset(
    {
        "please",
        "thanks",
        "you",
        "people",
        "tonight",
        "today",
        "tomorrow",
        "yes",
        "no",
        "okay",
        "ok",
        "right",
        "all",
        "that",
        "it",
        "much",
        "instead",
        "too",
        "here",
        "earlier",
        "o'clock",
        "pm",
        "am",
        "now",
        "them",
        "morning",
        "afternoon",
        "evening",
        "night",
        "us",
        "fine",
        "great",
        "thing",
        "sure",
    }
)
# "that" ends a turn ("can you repeat that") except as a complementiser after these verbs ("I think that").
THAT_VERBS = frozenset(
    {
        "think",
        "thought",
        "say",
        "said",
        "know",
        "knew",
        "sure",
        "hope",
        "believe",
        "guess",
        "mean",
        "feel",
        "realise",
        "realize",
        "noticed",
        "seems",
        "afraid",
    }
)
_TOKEN = re.compile(r"[a-z0-9']+")


def _is_number(token: str) -> bool:
    return token in NUMBER_WORDS or token.isdigit()


def word_features(words: str) -> dict[str, float]:
    """Cues from the ASR partial: how the text so far *ends*. (A fresh dict each call; the work is
    cached, as the end-of-turn policy asks again for the same words on every 20 ms frame of a pause.)"""
    return dict(_word_cues(words))


@functools.lru_cache(maxsize=256)
def _word_cues(words: str) -> tuple[tuple[str, float], ...]:
    tokens = _TOKEN.findall(words.lower())
    last = tokens[-1] if tokens else ""
    ends_number = bool(tokens) and _is_number(last)
    run = 0
    while run < len(tokens) and _is_number(tokens[-1 - run]):
        run += 1
    lead = tokens[-1 - run] if run < len(tokens) else ""
    ends_filler = last in FILLERS
    ends_connective = last in CONNECTIVES or (
        last == "that" and len(tokens) >= 2 and tokens[-2] in THAT_VERBS
    )
    half_number = ends_number and run == 1 and lead in NUMBER_LEADS
    incomplete = ends_filler or ends_connective or half_number
    return (
        ("ends_filler", float(ends_filler)),
        ("ends_connective", float(ends_connective)),
        ("ends_number", float(ends_number)),
        ("ends_half_number", float(half_number)),
        ("question_form", float(bool(tokens) and tokens[0] in QUESTION_STARTS and not incomplete)),
        ("ends_closer", float(last in CLOSERS)),
        ("log_words", math.log1p(len(tokens))),
        ("incomplete", float(incomplete)),
    )


# Words that open a turn without saying anything yet ("Wait," "Sorry," "Hang on a sec," "Excuse me,"):
# a caller who cuts in usually starts this way and pauses before the point. One of the core words
# must be there, so "One." or "Oh." (answers, reactions) are not prefaces.
PREFACE_CORE = frozenset({"wait", "sorry", "hang", "hold", "excuse", "actually"})
PREFACE_WORDS = PREFACE_CORE | FILLERS | frozenset(
    {"on", "me", "oh", "so", "well", "just", "a", "sec", "second", "moment", "minute", "one"})


@functools.lru_cache(maxsize=256)  # asked again for the same words on every 20 ms frame of a pause
def preface_only(words: str) -> bool:
    """The turn so far is only a preface ("Wait.", "Sorry, um", "Hang on a sec"): the caller has
    taken the floor but not said anything yet. "Sorry?" (a question mark) asks for a repeat instead."""
    if words.rstrip().endswith("?"):
        return False
    tokens = _TOKEN.findall(words.lower())
    return bool(tokens) and any(t in PREFACE_CORE for t in tokens) and all(t in PREFACE_WORDS for t in tokens)


def starts_a_question(words: str) -> bool:
    """A question mark from the recogniser, or a clause that opens like a question ("Hang on, can I")."""
    if words.rstrip().endswith("?"):
        return True
    for clause in re.split(r"[,.;:!]", words.lower()):
        tokens = _TOKEN.findall(clause)
        if tokens and tokens[0] in QUESTION_STARTS:
            return True
    return False
