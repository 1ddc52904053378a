"""Times of day in a transcript: "7:30 pm", "seven thirty", "half past seven", "at 8", "noon".

A bare hour means the evening (a restaurant's "at 7"), unless the caller says "morning".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chinwag.think.slot_numbers import PARTY_NOUNS, normalize, number_at, span_free


@dataclass(frozen=True)
class TimeOfDay:
    hour: int  # 0-23
    minute: int = 0

    @property
    def minutes(self) -> int:
        return self.hour * 60 + self.minute

    def iso(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def spoken(self) -> str:
        """How a person says it: "7:30 pm", "12 noon"."""
        if (self.hour, self.minute) == (12, 0):
            return "12 noon"
        if (self.hour, self.minute) == (0, 0):
            return "midnight"
        suffix = "pm" if self.hour >= 12 else "am"
        h12 = self.hour % 12 or 12
        return f"{h12} {suffix}" if self.minute == 0 else f"{h12}:{self.minute:02d} {suffix}"


# --- time --------------------------------------------------------------------------------------------

def _resolve_hour(hour: int, minute: int, meridiem: str | None, toks: list[str]) -> TimeOfDay | None:
    if not (0 <= minute < 60 and 0 <= hour <= 23):
        return None
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    elif meridiem is None and 1 <= hour <= 11:
        # A restaurant's bare "at 7" means the evening; "11 in the morning" or "lunch at 11" does not.
        morning = "morning" in toks or (hour == 11 and "lunch" in toks)
        if not morning:
            hour += 12
    return TimeOfDay(hour, minute)


def _meridiem_after(toks: list[str], j: int) -> tuple[str | None, int]:
    if j < len(toks) and toks[j] in ("am", "pm"):
        return toks[j], j + 1
    if j < len(toks) and toks[j] == "oclock":
        return _meridiem_after(toks, j + 1)[0], j + 1
    if toks[j:j + 3] in (["in", "the", "evening"], ["in", "the", "afternoon"]) \
            or toks[j:j + 2] == ["at", "night"]:
        return "pm", j
    if toks[j:j + 3] == ["in", "the", "morning"]:
        return "am", j
    return None, j


_TIME_LEADS = ("at", "around", "round", "about", "by", "after", "before", "from", "til", "until", "say")


def _time_at(toks: list[str], i: int, expecting_time: bool) -> tuple[TimeOfDay, int] | None:
    tok = toks[i]
    if tok in ("noon", "midday"):
        return TimeOfDay(12, 0), i + 1
    if tok == "midnight":
        return TimeOfDay(0, 0), i + 1
    # "half past seven", "quarter to eight", "ten past seven", British "half seven"
    if tok in ("half", "quarter") or number_at(toks, i):
        offset = {"half": 30, "quarter": 15}.get(tok)
        j = i + 1
        if offset is None:
            num = number_at(toks, i)
            assert num is not None
            offset, j = num
            if j < len(toks) and toks[j] == "minutes":
                j += 1
        if j < len(toks) and toks[j] in ("past", "after", "to") and offset < 60:
            hour_num = number_at(toks, j + 1)
            if hour_num and 1 <= hour_num[0] <= 12:
                meridiem, end = _meridiem_after(toks, hour_num[1])
                hour, minute = hour_num[0], offset
                if toks[j] == "to":
                    hour, minute = hour - 1, 60 - offset
                t = _resolve_hour(hour, minute, meridiem, toks)
                return (t, end) if t else None
        if tok == "half" and j < len(toks):
            hour_num = number_at(toks, j)
            if hour_num and 1 <= hour_num[0] <= 12:
                meridiem, end = _meridiem_after(toks, hour_num[1])
                t = _resolve_hour(hour_num[0], 30, meridiem, toks)
                return (t, end) if t else None
    m = re.fullmatch(r"([1-9]|1\d|2[0-3])([0-5]\d)", tok)  # Whisper writes "seven thirty" as "730"
    if m and (expecting_time or (i > 0 and toks[i - 1] in _TIME_LEADS) or _meridiem_after(toks, i + 1)[0]):
        meridiem, end = _meridiem_after(toks, i + 1)
        t = _resolve_hour(int(m.group(1)), int(m.group(2)), meridiem, toks)
        return (t, end) if t else None
    m = re.fullmatch(r"(\d{1,2}):(\d\d)", tok)
    if m:
        meridiem, end = _meridiem_after(toks, i + 1)
        t = _resolve_hour(int(m.group(1)), int(m.group(2)), meridiem, toks)
        return (t, end) if t else None
    num = number_at(toks, i)
    if num is None or not 0 <= num[0] <= 23:
        return None
    hour, j = num
    minute = 0
    # "seven thirty", "7 30", "eight forty five", "seven oh five"
    if j < len(toks) and toks[j] == "oh":
        nxt = number_at(toks, j + 1)
        if nxt and nxt[0] < 10:
            minute, j = nxt
    elif j < len(toks):
        nxt = number_at(toks, j)
        if nxt and 10 <= nxt[0] < 60 and (not toks[j].isdigit() or len(toks[j]) == 2):
            minute, j = nxt
    meridiem, end = _meridiem_after(toks, j)
    explicit = meridiem is not None or minute or (j < len(toks) and toks[j] == "oclock")
    after_at = i > 0 and toks[i - 1] in _TIME_LEADS
    if end < len(toks) and toks[end] in PARTY_NOUNS and not explicit:
        return None
    if explicit or after_at or expecting_time:
        if not explicit and not after_at and hour == 0:
            return None
        t = _resolve_hour(hour, minute, meridiem, toks)
        return (t, end) if t else None
    return None


def extract_time(text: str, expecting: bool = False) -> TimeOfDay | None:
    return take_time(normalize(text), set(), expecting)


def take_time(toks: list[str], used: set[int], expecting: bool) -> TimeOfDay | None:
    """The first time in ``toks`` outside ``used``; marks the tokens it read as used."""
    for i in range(len(toks)):
        if i in used:
            continue
        hit = _time_at(toks, i, expecting)
        if hit and span_free(used, i, hit[1]):
            used.update(range(i, hit[1]))
            return hit[0]
    return None
