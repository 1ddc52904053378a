"""Is the sound the caller just made over the agent a hum ("mhm", "mm-hmm")? A linear probe on
Whisper's encoder over the first 160 ms of the burst.

Why: the judge resumes over a burst that is still going on only when Whisper's partial words read as
an acknowledgement, and Whisper garbles hums ("and make it"), so the agent fell silent 0.8-1.4 s on
each and sometimes dropped its reply. Whisper's *encoder* hears the closed-lips murmur plainly: a
logistic regression over the mean of its states for the first 160 ms after the onset separates hums
from interruption openers (leave one split out on the duplex bench's consumed splits, with the
agent's own onsets: AUC 0.998, 91 % of hums caught at 1.5 % of openers; session 12). It has only
heard hums that start with "m": held-out's "uh-huh" is missed. Trained by ``murmur_train`` on exactly the audio the
agent encodes at run time: the turn audio (pre-roll included) up to 160 ms past the onset.

It only lets the agent resume *provisionally*: the words that follow can still stop it
(``chinwag.agents.overlap``). Tied to the encoder it was trained on (``encoder`` in the JSON).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.audio.frames import FRAME_MS, SAMPLE_RATE_HZ
from chinwag.errors import ConfigError
from chinwag.floor.logistic import FIELDS, LogisticFields, StandardisedLogistic
from chinwag.floor.shipped import read_model_json
from chinwag.floor.tail_probe import encoder_logit, mean_state
from chinwag.listen.types import EncoderStates

PROBE_FILE = "murmur_probe.json"
WINDOW_MS = 160.0  # pooled: the first 160 ms of the burst (longer windows caught more openers)


def burst_onset_sample(turn_samples: int, min_speech_ms: float) -> int:
    """Where a burst began in the turn audio, read when the segmenter opens it (``turn_samples`` then):
    the segmenter waits ``min_speech_ms`` of speech, and the frame that opened it is already in.
    The agent and the trainer both use this, so the probe sees the same onset in both."""
    back = round((min_speech_ms + FRAME_MS) * SAMPLE_RATE_HZ / 1000)
    return max(0, turn_samples - back)


def window_samples() -> int:
    return round(WINDOW_MS * SAMPLE_RATE_HZ / 1000)


def onset_vector(states: EncoderStates, onset_ms: float) -> np.ndarray | None:
    """Mean encoder state over [onset, onset + WINDOW_MS]; None when the audio does not reach that far."""
    if onset_ms < 0 or states.audio_ms + 1e-6 < onset_ms + WINDOW_MS:
        return None
    return mean_state(states, onset_ms, WINDOW_MS)


@dataclass(frozen=True)
class MurmurProbe(LogisticFields):
    """Logistic regression over standardised onset vectors; a logit above ``threshold`` is a murmur."""

    encoder: str  # the recogniser whose encoder it reads, e.g. "whisper-tiny.en"
    logistic: StandardisedLogistic
    threshold: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def read(self, states: EncoderStates, onset_ms: float) -> float | None:
        """The logit for the burst that began ``onset_ms`` into the encoded audio; None when the
        audio does not yet hold ``WINDOW_MS`` of it."""
        vector = onset_vector(states, onset_ms)
        return None if vector is None else self.logit(vector)

    def logit(self, vector: np.ndarray) -> float:
        return encoder_logit(self.logistic, vector, self.encoder, "murmur probe")

    def is_murmur(self, logit: float | None) -> bool:
        return logit is not None and logit > self.threshold

    def to_json(self) -> dict[str, Any]:
        return {"encoder": self.encoder, **self.logistic.to_json(), "threshold": self.threshold,
                "window_ms": WINDOW_MS, **self.metadata}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MurmurProbe:
        core = ("encoder", *FIELDS, "threshold")
        missing = [k for k in core if k not in data]
        if missing:
            raise ConfigError(f"murmur probe JSON lacks {missing}; retrain it with "
                              "`python -m chinwag.floor.murmur_train`")
        if float(data.get("window_ms", WINDOW_MS)) != WINDOW_MS:
            raise ConfigError(f"the murmur probe was trained on {data['window_ms']} ms, this chinwag "
                              f"reads {WINDOW_MS} ms; retrain it with `python -m chinwag.floor.murmur_train`")
        meta = {k: v for k, v in data.items() if k not in core and k != "window_ms"}
        return cls(str(data["encoder"]), StandardisedLogistic.from_json(data, name="murmur probe"),
                   float(data["threshold"]), meta)

    @classmethod
    def load(cls, path: str | Path | None = None) -> MurmurProbe:
        """The shipped probe by default; ``path`` for one you trained."""
        return cls.from_json(read_model_json(path, PROBE_FILE, "murmur probe",
                                             "python -m chinwag.floor.murmur_train"))
