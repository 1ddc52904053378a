"""Does the speech *sound* finished? A linear probe on Whisper's encoder just after the speech ends.

Why: the words cannot tell a mid-sentence pause from a finished turn once the recogniser has
"completed" the fragment. Whisper tiny, cut off at "Could I maybe push it back", writes "Could we maybe
push it back then?", and the language model then reads a finished question. Whisper's *encoder*,
though, has heard the whole stretch, and its states for the first 200 ms of silence after the speech
still carry what came before it: the pitch left hanging, the unreleased last syllable, the clause not
yet closed. A logistic regression over the mean of those states (and, since session 18, the same
mean less the caller's own mean state over the speech: ``POOLINGS``), trained on the end-of-turn
generator's own turns (``tail_train``: espeak-ng voices of its train split, spoken whole and cut at the
hesitation), separates the two. On the duplex bench's five read splits (voices, sentences and the
Piper engine it never saw) its AUC is 0.90-0.98, where the language model's completion score gets
0.79-0.98 (README, session 8).

The encoder states are a by-product of the decode the agent runs anyway (``Transcript.encoder``), so
the probe costs two means and one dot product. It is tied to the encoder it was trained on
(``encoder`` in the JSON): with any other recogniser the agent leaves it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.errors import ConfigError
from chinwag.floor.logistic import FIELDS, LogisticFields, StandardisedLogistic
from chinwag.floor.shipped import read_model_json
from chinwag.listen.types import EncoderStates

PROBE_FILE = "eot_tail_probe.json"
TAIL_MS = 200.0  # pooled: the first 200 ms after the speech end
MIN_AFTER_END_MS = 100.0  # a decode with less real audio after the speech end is not read
SPEECH_FROM_MS = 200.0  # the caller's own mean state is pooled from here (past the decode's lead) to the end
# How the encoder states are pooled (the probe's JSON says which; older probes have no key: "tail").
# "tail": T, the mean over TAIL_MS after the speech end. "tail+centred" (session 18): T and T - S, S the
# caller's mean state over the speech, which takes out the part of T that is only the voice: each split's
# logits were shifted by the voice (the median logit of a split's mid-sentence pauses ran from -5.6 to
# -1.1), and T, T - S ranked a left-out split better (AUC 0.948 -> 0.961, min 0.886 -> 0.919;
# scripts/experiments/tail_pooling.py).
POOLINGS = ("tail", "tail+centred")
TRAINED_POOLING = "tail+centred"  # what ``tail_train`` fits, and the default of the caches it reads


def tail_vector(states: EncoderStates, speech_end_ms: float) -> np.ndarray | None:
    """Mean encoder state over the ``TAIL_MS`` after ``speech_end_ms``; None when the decode stopped
    too soon after the speech end for the states to have heard the silence."""
    if states.audio_ms - speech_end_ms < MIN_AFTER_END_MS or speech_end_ms <= 0:
        return None
    return mean_state(states, speech_end_ms, TAIL_MS)


def pooled_vector(states: EncoderStates, speech_end_ms: float, pooling: str = "tail") -> np.ndarray | None:
    """The vector a probe of this ``pooling`` reads (``POOLINGS``); None as ``tail_vector``."""
    tail = tail_vector(states, speech_end_ms)
    if tail is None or pooling == "tail":
        return tail
    if pooling != "tail+centred":
        raise ConfigError(f"tail probe pooling must be one of {', '.join(POOLINGS)}, not '{pooling}'")
    first = round(min(SPEECH_FROM_MS, speech_end_ms / 2) / states.frame_ms)
    stop = max(first + 1, round(speech_end_ms / states.frame_ms))
    speech = np.asarray(states.frames[first:stop], dtype=np.float64).mean(axis=0)
    return np.concatenate([tail, tail - speech])


def pooling_tag(pooling: str) -> str:
    """What a cache of vectors of this pooling adds to its file name ("tail" keeps the older names)."""
    return "" if pooling == "tail" else f"-{pooling.replace('+', '-')}"


def mean_state(states: EncoderStates, start_ms: float, span_ms: float) -> np.ndarray | None:
    """Mean encoder state over ``span_ms`` from ``start_ms``; None when the frames stop short of its end.
    The pooling every probe on the encoder shares (this one, ``murmur_probe``)."""
    first = round(start_ms / states.frame_ms)
    last = first + round(span_ms / states.frame_ms)
    if last > len(states.frames):
        return None
    return np.asarray(states.frames[first:last], dtype=np.float64).mean(axis=0)


def encoder_logit(logistic: StandardisedLogistic, vector: np.ndarray, encoder: str, name: str) -> float:
    """A probe's logit for one pooled encoder state; states of another width come from another
    recogniser, which the error names. Shared by every probe on the encoder (this one, ``murmur_probe``)."""
    if vector.shape != logistic.weights.shape:
        raise ConfigError(f"the {name} reads {logistic.size}-wide encoder states, got {vector.shape}; "
                          f"it belongs to {encoder}")
    return logistic.logit(vector)


@dataclass(frozen=True)
class TailProbe(LogisticFields):
    """Logistic regression over standardised tail vectors; ``logit`` > 0 means "sounds finished"."""

    encoder: str  # the recogniser whose encoder it reads, e.g. "whisper-tiny.en"
    logistic: StandardisedLogistic
    metadata: dict[str, Any] = field(default_factory=dict)
    pooling: str = "tail"  # ``POOLINGS``

    def read(self, states: EncoderStates, speech_end_sample: int) -> float | None:
        """The logit for a decode's encoder states, the speech having ended at ``speech_end_sample``
        (of the decoded audio); None when the decode stopped too soon after it to be read."""
        if speech_end_sample <= 0:
            return None
        vector = pooled_vector(states, speech_end_sample * 1000 / SAMPLE_RATE_HZ, self.pooling)
        return None if vector is None else self.logit(vector)

    def logit(self, vector: np.ndarray) -> float:
        return encoder_logit(self.logistic, vector, self.encoder, "tail probe")

    def to_json(self) -> dict[str, Any]:
        return {"encoder": self.encoder, "pooling": self.pooling, **self.logistic.to_json(), **self.metadata}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TailProbe:
        core = ("encoder", *FIELDS)
        missing = [k for k in core if k not in data]
        if missing:
            raise ConfigError(f"tail probe JSON lacks {missing}; retrain it with "
                              "`python -m chinwag.floor.tail_train`")
        pooling = str(data.get("pooling", "tail"))
        if pooling not in POOLINGS:
            raise ConfigError(f"tail probe JSON pools '{pooling}'; this chinwag reads {', '.join(POOLINGS)}")
        return cls(str(data["encoder"]), StandardisedLogistic.from_json(data, name="tail probe"),
                   {k: v for k, v in data.items() if k not in (*core, "pooling")}, pooling)

    @classmethod
    def load(cls, path: str | Path | None = None) -> TailProbe:
        """The shipped probe by default; ``path`` for one you trained."""
        return cls.from_json(read_model_json(path, PROBE_FILE, "tail probe", "python -m chinwag.floor.tail_train"))


def shipped_fingerprint() -> str:
    """A short hash of the shipped probe, so that caches of what it read (the end-of-turn data heard by
    Whisper, the bench's pause events) are rebuilt when it is retrained."""
    import hashlib
    import json

    data = read_model_json(None, PROBE_FILE, "tail probe", "python -m chinwag.floor.tail_train")
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()[:10]

