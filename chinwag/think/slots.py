"""Slot extraction from noisy speech transcripts: party sizes, times, days, names, yes/no.

Whisper writes the same words many ways ("4 people", "four people", "7:30 p.m.", "seven thirty"),
so every extractor works on a normalised token list, not on the raw text. ``extract_slots`` runs
them in a fixed order (time, then day, then party size, then name) and hides the tokens each one
used from the next, so "a table for four at seven thirty" gives 4 people at 7:30 pm, not 30 people.

``expecting`` names the slot the flow just asked for: a bare "eight" then fills that slot.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | _TENS | {"oh": 0, "a dozen": 12}
_ORDINAL_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                  "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                  "seventeenth", "eighteenth", "nineteenth"]
_ORDINALS = {w: i for i, w in enumerate(_ORDINAL_UNITS) if w} | {"twentieth": 20, "thirtieth": 30}
WEEKDAYS = {"monday": 0, "tuesday": 1, "tues": 1, "wednesday": 2, "weds": 2, "wensday": 2, "thursday": 3,
            "thurs": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name and name.lower() != "may"}
_PARTY_NOUNS = {"people", "persons", "person", "guests", "guest", "adults", "adult", "diners", "pax", "of",
                "children", "child", "kids", "kid", "babies", "baby", "toddlers", "toddler", "covers"}
_FILLERS = {"uh", "um", "er", "erm", "hmm", "mm", "ah", "oh", "yeah", "yes", "yep", "sure", "ok", "okay",
            "so", "well", "right", "no", "please", "thanks", "thank", "you", "that", "that's", "and"}

# Words that end a name: anything a caller says after "it's" / "under" that is not a name.
_NOT_NAMES = set(_UNITS) | set(_TENS) | set(WEEKDAYS) | set(MONTHS) | _PARTY_NOUNS | _FILLERS | {
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
    t = re.sub(r"\b(" + "|".join(_UNITS[1:13]) + r")ish\b", r"\1", t)  # "sevenish" -> "seven"
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


def _number_at(toks: list[str], i: int) -> tuple[int, int] | None:
    """(value, next index) for a number written as digits or words ("twenty five") at ``i``."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.isdigit():
        return int(tok), i + 1
    if tok == "a" and i + 1 < len(toks) and toks[i + 1] == "dozen":
        return 12, i + 2
    if tok in _TENS:
        value = _TENS[tok]
        if i + 1 < len(toks) and toks[i + 1] in NUMBER_WORDS and 0 < NUMBER_WORDS[toks[i + 1]] < 10:
            return value + NUMBER_WORDS[toks[i + 1]], i + 2
        return value, i + 1
    if tok in NUMBER_WORDS and tok != "oh":
        return NUMBER_WORDS[tok], i + 1
    return None


def _ordinal_at(toks: list[str], i: int) -> tuple[int, int] | None:
    if i >= len(toks):
        return None
    m = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)", toks[i])
    if m:
        return int(m.group(1)), i + 1
    if toks[i] in ("twenty", "thirty") and i + 1 < len(toks) and toks[i + 1] in _ORDINALS:
        return _TENS[toks[i]] + _ORDINALS[toks[i + 1]], i + 2
    if toks[i] in _ORDINALS:
        return _ORDINALS[toks[i]], i + 1
    return None


def _free(used: set[int], start: int, end: int) -> bool:
    return not any(k in used for k in range(start, end))


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
    if tok in ("half", "quarter") or _number_at(toks, i):
        offset = {"half": 30, "quarter": 15}.get(tok)
        j = i + 1
        if offset is None:
            num = _number_at(toks, i)
            assert num is not None
            offset, j = num
            if j < len(toks) and toks[j] == "minutes":
                j += 1
        if j < len(toks) and toks[j] in ("past", "after", "to") and offset < 60:
            hour_num = _number_at(toks, j + 1)
            if hour_num and 1 <= hour_num[0] <= 12:
                meridiem, end = _meridiem_after(toks, hour_num[1])
                hour, minute = hour_num[0], offset
                if toks[j] == "to":
                    hour, minute = hour - 1, 60 - offset
                t = _resolve_hour(hour, minute, meridiem, toks)
                return (t, end) if t else None
        if tok == "half" and j < len(toks):
            hour_num = _number_at(toks, j)
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
    num = _number_at(toks, i)
    if num is None or not 0 <= num[0] <= 23:
        return None
    hour, j = num
    minute = 0
    # "seven thirty", "7 30", "eight forty five", "seven oh five"
    if j < len(toks) and toks[j] == "oh":
        nxt = _number_at(toks, j + 1)
        if nxt and nxt[0] < 10:
            minute, j = nxt
    elif j < len(toks):
        nxt = _number_at(toks, j)
        if nxt and 10 <= nxt[0] < 60 and (not toks[j].isdigit() or len(toks[j]) == 2):
            minute, j = nxt
    meridiem, end = _meridiem_after(toks, j)
    explicit = meridiem is not None or minute or (j < len(toks) and toks[j] == "oclock")
    after_at = i > 0 and toks[i - 1] in _TIME_LEADS
    if end < len(toks) and toks[end] in _PARTY_NOUNS and not explicit:
        return None
    if explicit or after_at or expecting_time:
        if not explicit and not after_at and hour == 0:
            return None
        t = _resolve_hour(hour, minute, meridiem, toks)
        return (t, end) if t else None
    return None


def extract_time(text: str, expecting: bool = False) -> TimeOfDay | None:
    return _extract_time(normalize(text), set(), expecting)


def _extract_time(toks: list[str], used: set[int], expecting: bool) -> TimeOfDay | None:
    for i in range(len(toks)):
        if i in used:
            continue
        hit = _time_at(toks, i, expecting)
        if hit and _free(used, i, hit[1]):
            used.update(range(i, hit[1]))
            return hit[0]
    return None


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
        ordinal = _ordinal_at(toks, k)
        if ordinal:
            exact = _month_after(toks, ordinal[1], today, ordinal[0])
            if exact:
                return exact
        return d, end
    # "the 12th", "12th of March", "March 12", "the twelfth"
    k = i + 1 if tok == "the" else i
    ordinal = _ordinal_at(toks, k)
    if ordinal:
        return _month_after(toks, ordinal[1], today, ordinal[0])
    if tok in MONTHS and i + 1 < len(toks):
        k = i + 2 if toks[i + 1] == "the" else i + 1
        num = _ordinal_at(toks, k) or (_number_at(toks, k) if k < len(toks) and toks[k].isdigit() else None)
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
    return _extract_day(normalize(text), set(), today, expecting)


def _extract_day(toks: list[str], used: set[int], today: date, expecting: bool) -> date | None:
    for i in range(len(toks)):
        if i in used:
            continue
        hit = _day_at(toks, i, today, expecting)
        if hit and _free(used, i, hit[1]):
            used.update(range(i, hit[1]))
            return hit[0]
    return None


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
        num = _number_at(toks, i + 2)
        if num and toks[num[1]:num[1] + 1] in (["others"], ["friends"], ["more"], ["colleagues"], ["guests"]):
            return num[0] + 1, num[1] + 1
    num = _number_at(toks, i)
    if num is None:
        return None
    value, end = num
    if toks[end:end + 1] in (["am"], ["pm"], ["oclock"]):
        return None
    if end < len(toks) and toks[end] in _PARTY_NOUNS:
        tail = end + 2 if toks[end] == "of" and toks[end + 1:end + 2] == ["us"] else end + 1
        if toks[end] != "of" or tail == end + 2:
            # "two adults and two kids"
            more = _number_at(toks, tail + 1) if toks[tail:tail + 1] == ["and"] else None
            if more and more[1] < len(toks) and toks[more[1]] in _PARTY_NOUNS - {"of"}:
                return value + more[0], more[1] + 1
            return value, tail
    for before in _PARTY_BEFORE:
        start = i - len(before)
        if start >= 0 and toks[start:i] == before and _free(used, start, i):
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
        if hit and _free(used, i, hit[1]) and hit[0] > 0:
            used.update(range(i, hit[1]))
            return hit[0]
    return None


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
    return _extract_name(toks, set(), expecting, breaks)


def _extract_name(toks: list[str], used: set[int], expecting: bool, breaks: set[int]) -> str | None:
    for i in range(len(toks)):
        for trigger in _NAME_TRIGGERS:
            if toks[i:i + len(trigger)] == trigger and _free(used, i, i + len(trigger)):
                weak = trigger in (["it's"], ["its"], ["i'm"], ["im"], ["this", "is"], ["i", "am"])
                hit = _name_tokens(toks, i + len(trigger), weak, breaks)
                if hit and _free(used, i, hit[1]):
                    used.update(range(i, hit[1]))
                    return hit[0]
    if expecting:
        i = 0
        while i < len(toks) and (toks[i] in _FILLERS or i in used):
            i += 1
        hit = _name_tokens(toks, i, breaks=breaks)
        ends_clean = hit is not None and (hit[1] == len(toks) or toks[hit[1]] in _FILLERS or hit[1] in breaks
                                          or len(toks[hit[1]]) == 1)  # "Smith, S M I T H"
        if hit and ends_clean and _free(used, i, hit[1]):
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


# --- all together ------------------------------------------------------------------------------------

def extract_slots(text: str, today: date, expecting: str | None = None) -> Slots:
    """Every slot found in one utterance. ``expecting``: "party_size" | "day" | "time" | "name"."""
    toks, breaks = tokenize(text)
    used: set[int] = set()
    slots = Slots(used=used)
    # Party first when it is what we asked for, so "six" is 6 people, not 6 pm.
    if expecting == "party_size":
        slots.party_size = _extract_party(toks, used, True)
    slots.time = _extract_time(toks, used, expecting == "time")
    slots.day = _extract_day(toks, used, today, expecting == "day")
    if slots.party_size is None:
        slots.party_size = _extract_party(toks, used, False)
    slots.name = _extract_name(toks, used, expecting == "name", breaks)
    return slots
