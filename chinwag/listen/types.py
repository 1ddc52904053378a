"""Shapes shared by every recogniser and voice-activity detector."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start_ms: float  # relative to the start of the audio given to the recogniser
    end_ms: float
    probability: float = 1.0


@dataclass(frozen=True)
class EncoderStates:
    """A recogniser's encoder output for one decode: (frames, width), ``frame_ms`` per frame from the
    audio's first sample; kept only when asked for (``chinwag.floor.tail_probe`` reads them)."""

    frames: np.ndarray
    audio_ms: float  # how much of it is real audio (the rest is the window's silent padding)
    frame_ms: float = 20.0


@dataclass(frozen=True)
class Transcript:
    text: str
    words: list[Word] = field(default_factory=list)
    compute_ms: float = 0.0  # wall time the recogniser spent
    encoder: EncoderStates | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "words": [
                {"word": w.text, "start_ms": round(w.start_ms), "end_ms": round(w.end_ms),
                 "p": round(w.probability, 3)}
                for w in self.words
            ],
        }


@dataclass(frozen=True)
class RecognizerCapabilities:
    streaming: bool = False  # emits partials natively (else chinwag re-decodes incrementally)
    word_timings: bool = True
    languages: tuple[str, ...] = ("en",)


class Recognizer(Protocol):
    """Blocking recogniser; chinwag calls it from a worker thread, never on the event loop."""

    capabilities: RecognizerCapabilities

    def transcribe(self, audio: np.ndarray) -> Transcript:
        """``audio`` is 16 kHz mono float32."""
        ...


class VoiceActivityDetector(Protocol):
    """Streaming VAD with explicit per-stream state: one instance per stream, ``reset`` between calls."""

    def step(self, samples: np.ndarray) -> float:
        """Feed 16 kHz float32 samples (any length); returns the latest speech probability."""
        ...

    def reset(self) -> None: ...
