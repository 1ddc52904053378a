"""Days in a transcript: "tomorrow", "next Friday", "the 12th", "March 12", "Friday the 14th".

Every day resolves to the next matching date on or after ``today``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from chinwag.think.slot_numbers import normalize, number_at, ordinal_at, span_free

WEEKDAYS = {"monday": 0, "tuesday": 1, "tues": 1, "wednesday": 2, "weds": 2, "wensday": 2, "thursday": 3,
            "thurs": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name and name.lower() != "may"}


# --- day ---------------------------------------------------------------------------------------------

def _next_weekday(today: date, weekday: int, strictly_after: bool) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and strictly_after:
        ahead = 7
    return today + timedelta(days=ahead)


def _month_day(today: date, day: int, month: int | None) -> date | None:
    """The next date with this day of month (and month); rolls into next month or year if past."""
    for step in range(0, 13):
        y, m = today.year + (today.month - 1 + step) // 12, (today.month - 1 + step) % 12 + 1
        if month is not None:
            y, m = (today.year, month) if step == 0 else (today.year + 1, month)
        if day <= calendar.monthrange(y, m)[1]:
            candidate = date(y, m, day)
            if candidate >= today:
                return candidate
        if month is not None and step >= 1:
            return None
    return None


def _weekday(tok: str) -> int | None:
    if tok in WEEKDAYS:
        return WEEKDAYS[tok]
    if tok.endswith("s") and tok[:-1] in WEEKDAYS:  # "fridays"
        return WEEKDAYS[tok[:-1]]
    return None


def _day_at(toks: list[str], i: int, today: date, expecting_day: bool) -> tuple[date, int] | None:
    tok = toks[i]
    if toks[i:i + 4] == ["the", "day", "after", "tomorrow"]:
        return today + timedelta(days=2), i + 4
    if toks[i:i + 3] == ["day", "after", "tomorrow"]:
        return today + timedelta(days=2), i + 3
    if tok in ("tomorrow", "tmrw", "tomorrows"):
        return today + timedelta(days=1), i + 1
    if tok in ("today", "tonight"):
        return today, i + 1
    if tok == "this" and i + 1 < len(toks) and toks[i + 1] in ("evening", "afternoon"):
        return today, i + 2
    strictly_after = False
    j = i
    if tok in ("next", "this", "coming") and i + 1 < len(toks):
        strictly_after = tok == "next"
        j = i + 1
        if toks[j] == "coming":
            j += 1
    weekday = _weekday(toks[j]) if j < len(toks) else None
    if weekday is not None:
        d = _next_weekday(today, weekday, strictly_after)
        end = j + 1
        # "Friday the 14th" names the date outright; trust the number over the weekday.
        k = end + 1 if end < len(toks) and toks[end] == "the" else end
        ordinal = ordinal_at(toks, k)
        if ordinal:
            exact = _month_after(toks, ordinal[1], today, ordinal[0])
            if exact:
                return exact
        return d, end
    # "the 12th", "12th of March", "March 12", "the twelfth"
    k = i + 1 if tok == "the" else i
    ordinal = ordinal_at(toks, k)
    if ordinal:
        return _month_after(toks, ordinal[1], today, ordinal[0])
    if tok in MONTHS and i + 1 < len(toks):
        k = i + 2 if toks[i + 1] == "the" else i + 1
        num = ordinal_at(toks, k) or (number_at(toks, k) if k < len(toks) and toks[k].isdigit() else None)
        if num:
            d2 = _month_day(today, num[0], MONTHS[tok])
            return (d2, num[1]) if d2 else None
    if tok.isdigit() and i + 1 < len(toks) and toks[i + 1] in MONTHS:
        d2 = _month_day(today, int(tok), MONTHS[toks[i + 1]])
        return (d2, i + 2) if d2 else None
    if expecting_day and tok.isdigit() and 1 <= int(tok) <= 31:
        d2 = _month_day(today, int(tok), None)
        return (d2, i + 1) if d2 else None
    return None


def _month_after(toks: list[str], j: int, today: date, day: int) -> tuple[date, int] | None:
    month = None
    if j < len(toks) and toks[j] in MONTHS:
        month, j = MONTHS[toks[j]], j + 1
    elif toks[j:j + 1] == ["of"] and j + 1 < len(toks) and toks[j + 1] in MONTHS:
        month, j = MONTHS[toks[j + 1]], j + 2
    d = _month_day(today, day, month)
    return (d, j) if d else None


def extract_day(text: str, today: date, expecting: bool = False) -> date | None:
    return take_day(normalize(text), set(), today, expecting)


def take_day(toks: list[str], used: set[int], today: date, expecting: bool) -> date | None:
    """The first day in ``toks`` outside ``used``; marks the tokens it read as used."""
    for i in range(len(toks)):
        if i in used:
            continue
        hit = _day_at(toks, i, today, expecting)
        if hit and span_free(used, i, hit[1]):
            used.update(range(i, hit[1]))
            return hit[0]
    return None
