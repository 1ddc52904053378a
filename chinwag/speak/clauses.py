"""Cutting a language model's token stream into pieces the synthesizer can start speaking.

Speaking sentence by sentence lets audio start long before the reply is complete; cutting at commas
too, once a few words have gathered, brings the first sound earlier still. A cut is made only when
the character after the punctuation has arrived and is whitespace, which is what keeps "7.30",
"3,000", "10:45" and "ann.lee@example.com" whole even when a token boundary falls inside them.
Markdown and emoji that a voice would read out literally or choke on are removed from each piece.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SENTENCE_END = ".!?…"
CLAUSE_END = ",;:"
DASHES = "—–"
CLOSERS = "\"')]}”’»"
DEFAULT_MIN_WORDS = 4
DEFAULT_MAX_WORDS = 30

# Lower-case, without the final dot: "e.g." is matched as "e.g".
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "prof", "sr", "jr", "mt", "ave", "rd", "blvd", "vs", "etc", "approx",
    "e.g", "i.e", "eg", "ie", "a.m", "p.m", "cf", "vol", "fig", "inc", "ltd", "corp", "dept", "u.s", "u.k",
    "jan", "feb", "apr", "aug", "sep", "sept", "oct", "nov", "tel",
})

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADER = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|>+)[ \t]+", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<![\w*_~])[*_~]{1,3}(?=\S)|(?<=\S)[*_~]{1,3}(?![\w*_~])")
_CODE_FENCE = re.compile(r"```[^\n]*")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_KEEP_SYMBOLS = frozenset("°©®™§¶")


def _is_emoji_like(ch: str) -> bool:
    if ch in _KEEP_SYMBOLS:
        return False
    if ch in "\u200d\ufe0e\ufe0f\u20e3":  # joiners and variation selectors glue emoji sequences
        return True
    category = unicodedata.category(ch)
    return category in ("So", "Cs", "Co") or (category == "Sk" and 0x1F3FB <= ord(ch) <= 0x1F3FF)


def clean_for_speech(text: str) -> str:
    """Remove markdown markup and emoji, keep the words and the punctuation that shapes prosody."""
    text = _CODE_FENCE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _HEADER.sub("", text)
    text = _BULLET.sub("", text)
    text = text.replace("`", "").replace("|", " ")
    text = _EMPHASIS.sub("", text)
    text = "".join(ch for ch in text if not _is_emoji_like(ch))
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()
    return text if any(ch.isalnum() for ch in text) else ""


def count_words(text: str) -> int:
    return sum(1 for tok in text.split() if any(ch.isalnum() for ch in tok))


def _token_before(buf: str, end: int) -> str:
    """The whitespace-delimited token ending at ``end`` (exclusive), stripped of opening brackets."""
    start = end
    while start > 0 and not buf[start - 1].isspace():
        start -= 1
    return buf[start:end].lstrip("\"'([{“‘«*_`~")


def _is_sentence_end(buf: str, dot_index: int, chunk_start: int) -> bool:
    """Whether the terminator at ``dot_index`` ends a sentence rather than an abbreviation or marker."""
    if buf[dot_index] != ".":
        return True
    if dot_index > 0 and buf[dot_index - 1] == ".":
        return True  # an ellipsis
    token = _token_before(buf, dot_index)
    lowered = token.lower()
    if lowered in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():
        return False  # an initial, as in "J. R. Smith"
    # A chunk with no letters yet ("1. ", "2024. ") is a list number, not a sentence.
    return any(ch.isalpha() for ch in buf[chunk_start:dot_index])


@dataclass
class ChunkerState:
    """Text received but not yet handed out, and how far it has been scanned for cut points."""

    buffer: str = ""
    scanned: int = 0

    def reset(self) -> None:
        self.buffer = ""
        self.scanned = 0


class ClauseChunker:
    """Streaming chunker: ``push`` token text as it arrives, speak what it returns, ``flush`` at the end.

    One chunker per reply; ``reset`` drops a reply that was cancelled mid-stream.
    """

    def __init__(self, min_words: int = DEFAULT_MIN_WORDS, max_words: int = DEFAULT_MAX_WORDS):
        if min_words < 1 or max_words < min_words:
            raise ValueError("need 1 <= min_words <= max_words")
        self.min_words = min_words
        self.max_words = max_words
        self.state = ChunkerState()

    def reset(self) -> None:
        self.state.reset()

    def push(self, text_piece: str) -> list[str]:
        self.state.buffer += text_piece
        out: list[str] = []
        while True:
            cut = self._find_cut()
            if cut is None:
                break
            chunk = clean_for_speech(self.state.buffer[:cut])
            self.state.buffer = self.state.buffer[cut:].lstrip()
            self.state.scanned = 0
            if chunk:
                out.append(chunk)
        return out

    def flush(self) -> list[str]:
        chunk = clean_for_speech(self.state.buffer)
        self.state.reset()
        return [chunk] if chunk else []

    def _find_cut(self) -> int | None:
        """End index (exclusive) of the first complete chunk in the buffer, or None to wait for more."""
        buf = self.state.buffer
        i = self.state.scanned
        while i < len(buf):
            ch = buf[i]
            if ch == "\n" and buf[:i].strip():
                return i
            if ch in SENTENCE_END or ch in CLAUSE_END or ch in DASHES:
                j = i + 1
                while j < len(buf) and (buf[j] in SENTENCE_END or buf[j] in CLOSERS):
                    j += 1
                if j == len(buf):
                    self.state.scanned = i  # the next character decides; look here again next push
                    return None
                if buf[j].isspace() and self._cut_allowed(buf, i, j):
                    return j
                i = j
                continue
            i += 1
        self.state.scanned = len(buf)
        return self._cut_long_run(buf)

    def _cut_allowed(self, buf: str, mark: int, after: int) -> bool:
        ch = buf[mark]
        if ch in SENTENCE_END:
            return _is_sentence_end(buf, mark, 0)
        if ch in DASHES and not buf[mark - 1 : mark].isspace():
            return False  # "9–5" is a range, only a spaced dash is a pause
        return count_words(clean_for_speech(buf[:after])) >= self.min_words

    def _cut_long_run(self, buf: str) -> int | None:
        """Cut after ``max_words`` words when no punctuation came, so a run-on reply still streams."""
        words = 0
        in_word = False
        for i, ch in enumerate(buf):
            if ch.isspace():
                if in_word:
                    words += 1
                    if words >= self.max_words:
                        return i
                in_word = False
            elif ch.isalnum():
                in_word = True
        return None


def split_for_speech(
    text: str, min_words: int = DEFAULT_MIN_WORDS, max_words: int = DEFAULT_MAX_WORDS
) -> list[str]:
    """The chunks a whole text would stream as."""
    chunker = ClauseChunker(min_words=min_words, max_words=max_words)
    return chunker.push(text) + chunker.flush()
