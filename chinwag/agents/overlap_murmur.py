"""The murmur probe's reading of a burst over the agent, off the event loop.

Why a module of its own: the agent reads it once per burst, from a task, while the judge goes on
frame by frame; this is the part that touches the recogniser (``overlap.py`` decides what to do).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.floor.murmur_probe import burst_onset_sample, window_samples

if TYPE_CHECKING:
    from chinwag.floor.murmur_probe import MurmurProbe

log = logging.getLogger(__name__)


@dataclass
class BurstOnset:
    """A burst over the agent the probe may read: where it began in the turn audio. The agent keeps
    the one it is judging; a late reading for another (by identity) is ignored."""

    onset_sample: int
    asked: bool = False

    @classmethod
    def at_open(cls, turn_samples: int, min_speech_ms: float) -> BurstOnset:
        return cls(burst_onset_sample(turn_samples, min_speech_ms))

    def ready(self, turn_samples: int) -> bool:
        """Not asked yet, and the turn audio holds the probe's window past the onset."""
        return not self.asked and turn_samples >= self.onset_sample + window_samples()


async def read_murmur(probe: MurmurProbe, recognizer: Any, audio: np.ndarray, onset_sample: int) -> float | None:
    """The probe's logit for the burst at ``onset_sample`` of ``audio``; None when it cannot be read."""
    encode = getattr(recognizer, "encoder_states", None)
    if encode is None:
        return None
    try:
        states = await asyncio.to_thread(encode, audio)
    except Exception:  # the probe is an extra: a failure leaves the burst to the words
        log.exception("murmur probe: encoding the burst failed")
        return None
    return probe.read(states, onset_sample * 1000 / SAMPLE_RATE_HZ)
