"""Shapes shared by every synthesizer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class SpeechStyle:
    """Expressive knobs; a backend ignores the ones its capabilities do not list."""

    rate: float = 1.0  # >1 speaks faster
    volume: float = 1.0
    expressiveness: float = 1.0  # scales the model's noise (prosodic variation) where supported


@dataclass(frozen=True)
class SynthesizerCapabilities:
    streaming: bool = False  # clause-level streaming is done by chinwag on top
    word_timings: bool = False  # when False, chinwag estimates them from character counts
    style_knobs: tuple[str, ...] = ()


class Synthesizer(Protocol):
    """Blocking synthesizer; chinwag calls it from a worker thread."""

    capabilities: SynthesizerCapabilities
    name: str

    def synthesize(self, text: str, style: SpeechStyle | None = None) -> np.ndarray:
        """Return 16 kHz mono float32 audio for ``text``."""
        ...
