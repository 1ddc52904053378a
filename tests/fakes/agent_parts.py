"""Scripted fakes for the cascaded agent's models (named Fake... on purpose: unit tests only)."""

from __future__ import annotations

import numpy as np

from chinwag.listen.types import RecognizerCapabilities, Transcript, Word
from chinwag.speak.types import SpeechStyle, SynthesizerCapabilities


class FakeEnergyVad:
    """Speech probability 1 when a 32 ms window is louder than -40 dBFS."""

    def __init__(self) -> None:
        self._buf = np.zeros(0, dtype=np.float32)
        self._last = 0.0

    def step(self, samples: np.ndarray) -> float:
        self._buf = np.concatenate([self._buf, samples])
        while len(self._buf) >= 512:
            window, self._buf = self._buf[:512], self._buf[512:]
            self._last = 1.0 if float(np.sqrt(np.mean(window**2))) > 0.01 else 0.0
        return self._last

    def reset(self) -> None:
        self._buf = np.zeros(0, dtype=np.float32)
        self._last = 0.0


class FakeRecognizer:
    """Returns scripted texts in order, one per final decode of a distinct utterance length."""

    capabilities = RecognizerCapabilities(streaming=False, word_timings=True)

    def __init__(self, texts: list[str]) -> None:
        self.texts = list(texts)
        self.calls: list[int] = []
        self._by_len: dict[int, str] = {}

    def transcribe(self, audio: np.ndarray) -> Transcript:
        self.calls.append(len(audio))
        # One scripted text per utterance; re-decodes of a growing utterance get the next one only
        # when the audio starts a new utterance (length shrank).
        if not self._by_len or len(audio) < max(self._by_len):
            self._by_len.clear()
            text = self.texts.pop(0) if self.texts else ""
        else:
            text = next(iter(self._by_len.values()))
        self._by_len[len(audio)] = text
        words = [Word(w, i * 300.0, i * 300.0 + 250.0) for i, w in enumerate(text.split())]
        return Transcript(text, words, compute_ms=1.0)


class FakeToneSynth:
    """A 220 Hz tone, 60 ms per character: long enough to interrupt, easy to detect."""

    capabilities = SynthesizerCapabilities()
    name = "fake-tone"

    def __init__(self) -> None:
        self.texts: list[str] = []

    def synthesize(self, text: str, style: SpeechStyle | None = None) -> np.ndarray:
        self.texts.append(text)
        n = int(0.06 * len(text) * 16000)
        return (0.3 * np.sin(2 * np.pi * 220 * np.arange(n) / 16000)).astype(np.float32)
