"""Speak the agent's recurring words without synthesizing them again.

On the real clock the agent's first sound waits for the synthesizer: Piper needs 150-380 ms for a
first clause on a loaded 2-core machine, about as long as the end-of-turn decision itself. Much of
what an agent says recurs: the flow's fixed questions ("How many people is the table for?") and
the one-word openers of its confirmations ("Great, on Tuesday the 1st." starts with "Great,"). So:

- ``CachedSynthesizer`` keeps the audio of recent texts (LRU) and is warmed at load with the openers;
- ``split_opener`` lets a reply start with its opener as a chunk of its own, which plays at once
  from the cache while the rest is synthesized behind it.

A cached text sounds the same every time (Piper otherwise samples a little prosodic noise per call).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

import numpy as np

from chinwag.speak.types import SpeechStyle, Synthesizer

# Discourse markers that open a reply and can be said on their own, followed by a comma.
OPENERS = ("Great", "Lovely", "Perfect", "Okay", "Sure", "Right", "Alright", "Sorry", "Certainly",
           "Of course", "No problem")
_OPENER = re.compile(r"^(" + "|".join(re.escape(o) for o in OPENERS) + r"),\s+(\S.*)$", re.IGNORECASE | re.DOTALL)
MIN_REST_WORDS = 2  # "Okay, thanks." stays one chunk: too short to be worth a seam


def split_opener(chunk: str) -> list[str]:
    """``"Great, on Tuesday the 1st."`` -> ``["Great,", "on Tuesday the 1st."]``; anything else as is."""
    m = _OPENER.match(chunk.strip())
    if m is None or len(m.group(2).split()) < MIN_REST_WORDS:
        return [chunk]
    return [m.group(1) + ",", m.group(2)]


class CachedSynthesizer:
    """A ``Synthesizer`` that remembers the last ``max_entries`` texts it spoke (per style).

    Thread-safe: the agent synthesizes in worker threads. Returns a copy, so a caller that scales or
    trims the audio in place cannot change what the cache holds."""

    def __init__(self, inner: Synthesizer, max_entries: int = 256) -> None:
        self.inner = inner
        self.capabilities = inner.capabilities
        self.name = inner.name
        self.max_entries = max_entries
        self._cache: OrderedDict[tuple[str, SpeechStyle], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def synthesize(self, text: str, style: SpeechStyle | None = None) -> np.ndarray:
        key = (text.strip(), style or SpeechStyle())
        with self._lock:
            audio = self._cache.get(key)
            if audio is not None:
                self._cache.move_to_end(key)
                self.hits += 1
                return audio.copy()
            self.misses += 1
        audio = self.inner.synthesize(text, style)
        with self._lock:
            self._cache[key] = audio.copy()
            while len(self._cache) > self.max_entries:
                self._cache.popitem(last=False)
        return audio

    def warm(self, texts: list[str], style: SpeechStyle | None = None) -> None:
        for text in texts:
            self.synthesize(text, style)
        with self._lock:
            self.misses -= len(texts)  # warming is not a miss of the conversation


def opener_chunks() -> list[str]:
    """What ``split_opener`` can produce as a first chunk: warm these."""
    return [o + "," for o in OPENERS]
