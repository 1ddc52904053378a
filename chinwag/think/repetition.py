"""Stopping a language-model reply once the model starts repeating itself.

Small models (SmolLM2-135M and the like) fall into loops: "I'm so glad you're thinking of me." seven
times over, until ``max_tokens`` runs out. A voice agent would speak every copy, so the reply is
checked clause by clause as it streams: the first clause that repeats one already said in the same
reply is dropped and generation stops there. Only whole clauses are compared, so a word repeated
inside one clause ("yes, yes, that works") is never cut.
"""

from __future__ import annotations

import re

# A clause this short ("Yes.", "Sure!") may legitimately come back in one reply; it counts as a loop
# only when it would be said a third time in a row. Longer clauses are cut on their first repeat.
MIN_REPEAT_WORDS = 3
MAX_SHORT_RUN = 2

_NOT_WORD = re.compile(r"[^\w\s']+")
_SPACES = re.compile(r"\s+")


def normalize_clause(text: str) -> str:
    """Lower-case, punctuation stripped (apostrophes kept), whitespace collapsed."""
    text = text.lower().replace("’", "'")
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


class RepetitionGuard:
    """Remembers the clauses of one reply; ``is_repeat`` says when one starts a loop.

    Once it has said yes it stays tripped (``tripped``): the caller drops that clause and everything
    after it and stops the model's stream. Use a fresh guard per reply.
    """

    def __init__(self, min_repeat_words: int = MIN_REPEAT_WORDS, max_short_run: int = MAX_SHORT_RUN) -> None:
        self.min_repeat_words = min_repeat_words
        self.max_short_run = max_short_run
        self.tripped = False
        self.repeated = ""
        self._seen: set[str] = set()
        self._last = ""
        self._run = 0

    def is_repeat(self, clause: str) -> bool:
        """True when ``clause`` repeats this reply's earlier text (and for every clause after that)."""
        if self.tripped:
            return True
        key = normalize_clause(clause)
        if not key:
            return False
        self._run = self._run + 1 if key == self._last else 1
        self._last = key
        if len(key.split()) >= self.min_repeat_words:
            looping = key in self._seen
        else:
            looping = self._run > self.max_short_run
        self._seen.add(key)
        if looping:
            self.tripped = True
            self.repeated = clause
        return looping
