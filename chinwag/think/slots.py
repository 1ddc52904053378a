"""Slot extraction from noisy speech transcripts: party sizes, times, days, names, yes/no.

Whisper writes the same words many ways ("4 people", "four people", "7:30 p.m.", "seven thirty"),
so every extractor works on a normalised token list, not on the raw text. ``extract_slots`` runs
them in a fixed order (time, then day, then party size, then name) and hides the tokens each one
used from the next, so "a table for four at seven thirty" gives 4 people at 7:30 pm, not 30 people.

``expecting`` names the slot the flow just asked for: a bare "eight" then fills that slot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chinwag.think.slot_days import MONTHS, WEEKDAY_NAMES, WEEKDAYS, extract_day, take_day
from chinwag.think.slot_names import extract_name, extract_yes_no, is_done_no, take_name
from chinwag.think.slot_numbers import NUMBER_WORDS, PARTY_NOUNS, normalize, number_at, span_free, tokenize
from chinwag.think.slot_times import TimeOfDay, extract_time, take_time

__all__ = [
    "MONTHS",
    "NUMBER_WORDS",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "Slots",
    "TimeOfDay",
    "extract_day",
    "extract_name",
    "extract_party_size",
    "extract_slots",
    "extract_time",
    "extract_yes_no",
    "is_done_no",
    "normalize",
    "tokenize",
]


@dataclass
class Slots:
    party_size: int | None = None
    day: date | None = None
    time: TimeOfDay | None = None
    name: str | None = None
    used: set[int] = field(default_factory=set)  # token indices consumed

    def found(self) -> dict[str, object]:
        return {k: v for k, v in (("party_size", self.party_size), ("day", self.day),
                                  ("time", self.time), ("name", self.name)) if v is not None}


# --- party size --------------------------------------------------------------------------------------

_PARTY_BEFORE = [
    ["we'll", "be"], ["we", "will", "be"], ["we", "are"], ["we're"], ["there'll", "be"],
    ["there", "will", "be"], ["there", "are"], ["table", "for"], ["party", "of"], ["group", "of"],
    ["booking", "for"], ["reservation", "for"], ["make", "it"], ["change", "it", "to"], ["for"], ["of"],
]
_COMPANIONS = {"wife", "husband", "partner", "friend", "boyfriend", "girlfriend", "mum", "mom", "dad",
               "son", "daughter", "brother", "sister", "colleague", "date", "fiance", "fiancee", "mother",
               "father", "kid", "child"}


def _party_at(toks: list[str], i: int, used: set[int], expecting: bool) -> tuple[int, int] | None:
    if toks[i:i + 2] in (["just", "me"], ["just", "myself"], ["only", "me"], ["just", "one"]):
        return 1, i + 2
    if toks[i:i + 2] in (["a", "couple"], ["the", "two"]) or toks[i:i + 3] == ["two", "of", "us"]:
        return 2, i + 2
    if toks[i:i + 3] in (["me", "and", "my"], ["myself", "and", "my"]) and i + 3 < len(toks) \
            and toks[i + 3].rstrip("s") in _COMPANIONS:
        return 2, i + 4
    if toks[i:i + 2] in (["me", "and"], ["myself", "and"]):
        num = number_at(toks, i + 2)
        if num and toks[num[1]:num[1] + 1] in (["others"], ["friends"], ["more"], ["colleagues"], ["guests"]):
            return num[0] + 1, num[1] + 1
    num = number_at(toks, i)
    if num is None:
        return None
    value, end = num
    if toks[end:end + 1] in (["am"], ["pm"], ["oclock"]):
        return None
    if end < len(toks) and toks[end] in PARTY_NOUNS:
        tail = end + 2 if toks[end] == "of" and toks[end + 1:end + 2] == ["us"] else end + 1
        if toks[end] != "of" or tail == end + 2:
            # "two adults and two kids"
            more = number_at(toks, tail + 1) if toks[tail:tail + 1] == ["and"] else None
            if more and more[1] < len(toks) and toks[more[1]] in PARTY_NOUNS - {"of"}:
                return value + more[0], more[1] + 1
            return value, tail
    for before in _PARTY_BEFORE:
        start = i - len(before)
        if start >= 0 and toks[start:i] == before and span_free(used, start, i):
            return value, end
    if expecting and not (i > 0 and toks[i - 1] in ("at", "by", "around", "the")) \
            and toks[end:end + 1] != ["minutes"]:
        return value, end
    return None


def extract_party_size(text: str, expecting: bool = False) -> int | None:
    return _extract_party(normalize(text), set(), expecting)


def _extract_party(toks: list[str], used: set[int], expecting: bool) -> int | None:
    for i in range(len(toks)):
        if i in used:
            continue
        hit = _party_at(toks, i, used, expecting)
        if hit and span_free(used, i, hit[1]) and hit[0] > 0:
            used.update(range(i, hit[1]))
            return hit[0]
    return None


# --- all together ------------------------------------------------------------------------------------

def extract_slots(text: str, today: date, expecting: str | None = None) -> Slots:
    """Every slot found in one utterance. ``expecting``: "party_size" | "day" | "time" | "name"."""
    toks, breaks = tokenize(text)
    used: set[int] = set()
    slots = Slots(used=used)
    # Party first when it is what we asked for, so "six" is 6 people, not 6 pm.
    if expecting == "party_size":
        slots.party_size = _extract_party(toks, used, True)
    slots.time = take_time(toks, used, expecting == "time")
    slots.day = take_day(toks, used, today, expecting == "day")
    if slots.party_size is None:
        slots.party_size = _extract_party(toks, used, False)
    slots.name = take_name(toks, used, expecting == "name", breaks)
    return slots
