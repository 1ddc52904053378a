"""Personal data in text: card numbers, phone numbers and e-mail addresses, found and replaced by tags.

Transcripts are redacted before they are stored, and the agent's own words are redacted before they
are spoken (see ``guardrails.StreamingRedactor``). Detection is a handful of regular expressions plus
rules on the digits they matched:

* a run of 13-19 digits (spaces, dashes or commas allowed) that passes the Luhn check is a ``card``;
* phone shapes (a leading ``+`` or a bracketed area code with 7-15 digits, any 10-12 digit run, or a
  ``555-1234`` local number) are a ``phone``;
* any other run of 13 or more digits is a ``number``. This is deliberate: speech recognition gets a
  digit wrong often enough that a real card number read aloud can fail the Luhn check, so a long digit
  string is never let through just because its checksum is off. It gets its own tag so logs still
  tell a checked card from a long number.

Commas count as separators because speech recognition writes digits read in groups with them
("4111, 1111,111, 1111"; seen from Whisper tiny in CI). A comma-separated list of small numbers
("tables for 2, 4, 6 or 8") is not a phone: with commas a 10-12 digit run is a phone only when every
comma group holds at least three digits.

Every match lives inside a contiguous run of characters from a small alphabet (digits and separators
for numbers, word characters and ``.%+@-`` for e-mails). That is what lets a streaming redactor know
which tail of a partial text might still grow into a match: ``safe_release_point``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ALL_KINDS: tuple[str, ...] = ("card", "phone", "email", "number")
DEFAULT_TAGS: dict[str, str] = {kind: f"[{kind}]" for kind in ALL_KINDS}

_EMAIL = re.compile(r"(?<![\w.%+@-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@-])")
# Digits with at most three separators (space, dash, dot, comma, brackets) between them:
# "+44 (0)20 7946 0958", "4111, 1111, 1111, 1111".
_DIGIT_RUN = re.compile(r"(?<![\w@])(?:\+|\(\+?)?\d(?:[ \-.(),]{0,3}\d)*\)?(?![\w@])")
_LOCAL_PHONE = re.compile(r"\d{3}[ .-]\d{4}")
_NUMBER_CHAR = re.compile(r"[\d \-.(),+]")
_EMAIL_CHAR = re.compile(r"[\w.%+@-]")
_NUMBER_START = re.compile(r"[\d+(]")


@dataclass(frozen=True)
class Redaction:
    kind: str  # "card" | "phone" | "email" | "number"
    start: int  # span in the original text
    end: int
    tag: str

    def to_dict(self) -> dict[str, Any]:
        # The matched text itself is never recorded: that would put the PII back into the log.
        return {"kind": self.kind, "start": self.start, "end": self.end, "tag": self.tag}


def luhn_valid(digits: str) -> bool:
    """The checksum every payment card number satisfies."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def classify_digits(run: str) -> str | None:
    """The PII kind of one digit run, or None for ordinary numbers (prices, times, party sizes)."""
    digits = re.sub(r"\D", "", run)
    n = len(digits)
    international = run.startswith("+") or "(" in run
    if 13 <= n <= 19 and not international and not re.search(r"[.()]", run) and luhn_valid(digits):
        return "card"
    if international and 7 <= n <= 15:
        return "phone"
    if 10 <= n <= 12 and _phone_groups(run):
        return "phone"
    if n == 7 and _LOCAL_PHONE.fullmatch(run.strip()):
        return "phone"
    if n >= 13:
        return "number"
    return None


def _phone_groups(run: str) -> bool:
    """False for a comma-separated list of small numbers ("1, 2, 3, 4, 5, 6, 7, 8, 9, 10")."""
    return all(len(re.sub(r"\D", "", group)) >= 3 for group in run.split(","))


def find_pii(text: str, kinds: tuple[str, ...] | frozenset[str] = ALL_KINDS, pos: int = 0) -> list[Redaction]:
    """Non-overlapping PII spans in ``text`` from ``pos`` on (earlier context still counts for the
    look-behind rules, so scanning from ``pos`` gives the same spans as scanning the whole text)."""
    found: list[tuple[int, int, str]] = []
    if "email" in kinds:
        found += [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text, pos)]
    for m in _DIGIT_RUN.finditer(text, pos):
        kind = classify_digits(m.group())
        if kind is not None and kind in kinds:
            found.append((m.start(), m.end(), kind))
    found.sort(key=lambda f: (f[0], -f[1]))
    result: list[Redaction] = []
    end = -1
    for start, stop, kind in found:
        if start >= end:
            result.append(Redaction(kind, start, stop, DEFAULT_TAGS[kind]))
            end = stop
    return result


def apply_redactions(text: str, spans: list[Redaction], tags: dict[str, str] | None = None,
                     start: int = 0, stop: int | None = None) -> str:
    """``text[start:stop]`` with every span (all inside that range) replaced by its tag."""
    tags = tags or DEFAULT_TAGS
    stop = len(text) if stop is None else stop
    out, cursor = [], start
    for r in spans:
        out.append(text[cursor:r.start])
        out.append(tags.get(r.kind, r.tag))
        cursor = r.end
    out.append(text[cursor:stop])
    return "".join(out)


def redact(text: str, kinds: tuple[str, ...] | frozenset[str] = ALL_KINDS,
           tags: dict[str, str] | None = None) -> tuple[str, list[Redaction]]:
    """``text`` with PII replaced by tags such as "[card]", and what was replaced where."""
    spans = find_pii(text, kinds)
    if tags:
        spans = [Redaction(r.kind, r.start, r.end, tags.get(r.kind, r.tag)) for r in spans]
    return apply_redactions(text, spans, tags), spans


def safe_release_point(text: str, start: int = 0) -> int:
    """The largest index ``p >= start`` such that no PII match in any continuation of ``text`` can
    start before ``p`` and end after it: the text before ``p`` may be released (redacted) now.

    A match lies inside one run of its alphabet, so only a run touching the end of ``text`` can still
    change. For numbers that run may begin with separators; a match can only start at its first digit,
    ``+`` or bracket. For e-mails any trailing word could still become "word@domain.com", so the whole
    trailing word is held back.
    """
    hold = len(text)
    number_tail = _run_start(text, start, _NUMBER_CHAR)
    first = _NUMBER_START.search(text, number_tail)
    if first is not None:
        hold = first.start()
    return min(hold, _run_start(text, start, _EMAIL_CHAR))


def _run_start(text: str, start: int, char: re.Pattern[str]) -> int:
    """Where the trailing run of ``char`` characters begins (``len(text)`` if there is none)."""
    i = len(text)
    while i > start and char.fullmatch(text[i - 1]):
        i -= 1
    return i
