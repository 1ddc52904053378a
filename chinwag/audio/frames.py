"""Fixed-size audio frames on the conversation clock.

Every stream in chinwag is cut into 20 ms frames of 16 kHz mono float32 in [-1, 1]. Fixed frames make
the two streams (user in, agent out) sample-aligned by construction: frame ``i`` covers samples
``[i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES)`` on both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

SAMPLE_RATE_HZ = 16_000
FRAME_MS = 20
FRAME_SAMPLES = SAMPLE_RATE_HZ * FRAME_MS // 1000


class Stream(StrEnum):
    USER = "user"
    AGENT = "agent"


@dataclass(frozen=True, slots=True)
class Frame:
    """One 20 ms frame. ``index`` is its position on the conversation clock."""

    samples: np.ndarray  # float32, shape (FRAME_SAMPLES,)
    stream: Stream
    index: int

    @property
    def start_ms(self) -> int:
        return self.index * FRAME_MS

    @property
    def end_ms(self) -> int:
        return (self.index + 1) * FRAME_MS


_SILENCE = np.zeros(FRAME_SAMPLES, dtype=np.float32)
_SILENCE.setflags(write=False)


def silence(stream: Stream, index: int) -> Frame:
    """A silent frame; shares one read-only buffer so idle ticks allocate nothing."""
    return Frame(_SILENCE, stream, index)


def is_silent(frame: Frame) -> bool:
    return frame.samples is _SILENCE or not frame.samples.any()


def split_frames(audio: np.ndarray, stream: Stream, first_index: int = 0) -> list[Frame]:
    """Cut a mono float32 signal into frames, zero-padding the last one."""
    n_frames = -(-len(audio) // FRAME_SAMPLES)
    padded = np.zeros(n_frames * FRAME_SAMPLES, dtype=np.float32)
    padded[: len(audio)] = audio
    return [
        Frame(padded[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES], stream, first_index + i)
        for i in range(n_frames)
    ]


def float_to_pcm16(audio: np.ndarray) -> np.ndarray:
    return (np.clip(audio, -1.0, 1.0) * 32767.0).astype(np.int16)


def pcm16_to_float(pcm: np.ndarray) -> np.ndarray:
    return pcm.astype(np.float32) / 32768.0
