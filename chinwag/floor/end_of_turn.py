"""End-of-turn prediction from prosody, the words so far and the pause length.

Why not silence alone: a fixed silence timeout must be long enough to outlast "a table for ... um ...",
so every finished turn pays that wait as dead air. A small logistic regression that also reads *how*
the speech stopped (falling pitch, energy drop, lengthened last syllable) and *what* was said last (a
filler, "and", "for", a half-said number vs "... four people") can commit early when the turn sounds
finished and hold on when it does not. Weights are trained by ``chinwag.floor.eot_train`` on data from
``chinwag.floor.eot_data`` and ship as ``chinwag/data/eot_model.json`` (and ``eot_model_lm.json``, which
also reads the language model's completion score, ``completion.py``). The word cues live in
``word_cues.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from chinwag.errors import ConfigError
from chinwag.floor.completion import CompletionScorer, completion_feature
from chinwag.floor.logistic import FIELDS, LogisticFields, StandardisedLogistic
from chinwag.floor.number_cues import digits_pending
from chinwag.floor.shipped import read_model_json
from chinwag.floor.word_cues import preface_only, starts_a_question, word_features

PROSODY_INPUTS = (
    "pitch_slope_st_per_s",
    "final_pitch_st",
    "energy_drop_db",
    "speaking_rate_hz",
    "final_run_ms",
)
PAUSE_BUCKETS_MS = (200, 400, 700, 1000, 1500, 2000)
MODEL_FILE = "eot_model.json"  # prosody + word lists + pause
LM_MODEL_FILE = "eot_model_lm.json"  # ... + the language model's completion score
# Below this completion probability the words are an unfinished sentence whatever the pause: complete
# booking-call sentences score 0.01-0.8, fragments ending in "if you have", "be under" 1e-5-2e-3.
INCOMPLETE_P = 3e-3
# At or above this the words read as a finished sentence; after this much pause that is enough.
COMPLETE_P = 0.1
COMPLETE_AFTER_MS = 800.0
# A word list reads "... talk to?", "... where the car park is?" or "I think so." as unfinished, but
# English ends many finished sentences on a preposition, a verb or "so"/"then". Where the language
# model reads the sentence as complete, it overrules the connective list (a trailing filler still
# holds). On two hand-written lists (tests/integration/test_turn_completion_llm.py) fragments ending in
# a connective scored at most 0.012, and 23 of 25 finished sentences 0.05-0.85.
CONNECTIVE_OVERRULED_P = 0.05
# A turn that is only a preface ("Wait.", "Sorry.") is held this long before it counts as finished:
# the point usually follows within half a second; a caller who says nothing more still gets an answer.
PREFACE_HOLD_MS = 1000.0


def pause_features(pause_ms: np.ndarray) -> dict[str, np.ndarray]:
    pause = np.asarray(pause_ms, dtype=np.float64)
    feats = {"log_pause": np.log1p(pause / 100.0)}
    for edge in PAUSE_BUCKETS_MS:
        feats[f"pause_ge_{edge}"] = (pause >= edge).astype(np.float64)
    return feats


def feature_matrix(
    prosody: np.ndarray, words: str, pause_ms: np.ndarray, words_final: bool = True,
    p_complete: float | None = None,
) -> dict[str, np.ndarray]:
    """All named inputs for ``n`` queries that share one transcript: ``prosody`` is (n, 5) in
    ``PROSODY_INPUTS`` order, ``pause_ms`` is (n,). ``words_final`` is False while the recogniser has
    not yet caught up with the speech before the pause (the last word may be missing).
    ``p_complete`` is the language model's "the sentence ends here" probability for final words
    (``chinwag.floor.completion``); without it the LM inputs are 0, as for stale words."""
    prosody = np.atleast_2d(np.asarray(prosody, dtype=np.float64))
    n = prosody.shape[0]
    feats: dict[str, np.ndarray] = {
        "pitch_slope": np.clip(prosody[:, 0], -30.0, 30.0) / 10.0,
        "final_pitch_st": np.clip(prosody[:, 1], -12.0, 12.0),
        "energy_drop_db": np.clip(prosody[:, 2], -30.0, 15.0),
        "speaking_rate_hz": prosody[:, 3],
        "final_run": np.minimum(prosody[:, 4], 600.0) / 100.0,
    }
    words_f = word_features(words)
    for name, value in words_f.items():
        feats[name] = np.full(n, value)
    feats.update(pause_features(pause_ms))
    feats["log_pause_x_incomplete"] = feats["log_pause"] * words_f["incomplete"]
    feats["log_pause_x_closer"] = feats["log_pause"] * words_f["ends_closer"]
    feats["log_pause_x_slope"] = feats["log_pause"] * feats["pitch_slope"]
    feats["question_x_slope"] = feats["pitch_slope"] * words_f["question_form"]
    feats["words_stale"] = np.full(n, 0.0 if words_final else 1.0)
    lm = completion_feature(p_complete) if (words_final and p_complete is not None) else 0.0
    feats["lm_complete"] = np.full(n, lm)
    feats["lm_known"] = np.full(n, 1.0 if (words_final and p_complete is not None) else 0.0)
    feats["log_pause_x_lm"] = feats["log_pause"] * lm
    return feats


@dataclass(frozen=True)
class EndOfTurnModel(LogisticFields):
    """Logistic regression over standardised named inputs (``feature_names``), as stored in JSON."""

    feature_names: tuple[str, ...]
    logistic: StandardisedLogistic
    threshold: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def logits(self, feats: Mapping[str, np.ndarray]) -> np.ndarray:
        try:
            x = np.stack([np.asarray(feats[name], dtype=np.float64) for name in self.feature_names], axis=-1)
        except KeyError as exc:
            raise ConfigError(
                f"end-of-turn model needs input {exc} that this chinwag version does not compute; "
                "retrain it with `python -m chinwag.floor.eot_train`."
            ) from exc
        return self.logistic.logits(x)

    def to_json(self) -> dict[str, Any]:
        return {
            "feature_names": list(self.feature_names),
            **self.logistic.to_json(),
            "threshold": self.threshold,
            **self.metadata,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EndOfTurnModel:
        core = ("feature_names", *FIELDS, "threshold")
        missing = [k for k in core if k not in data]
        if missing:
            raise ConfigError(f"end-of-turn model JSON lacks {missing}; regenerate it with eot_train.")
        names = tuple(data["feature_names"])
        return cls(
            names,
            StandardisedLogistic.from_json(data, len(names), "end-of-turn model"),
            float(data["threshold"]),
            {k: v for k, v in data.items() if k not in core},
        )

    @property
    def uses_completion(self) -> bool:
        return "lm_complete" in self.feature_names

    @classmethod
    def load(cls, path: str | Path | None = None, with_completion: bool = False) -> EndOfTurnModel:
        """The shipped model by default (``with_completion``: the one that also reads the language
        model's completion score); ``path`` for one you trained."""
        name = LM_MODEL_FILE if with_completion else MODEL_FILE
        return cls.from_json(read_model_json(path, name, "end-of-turn model",
                                             "python -m chinwag.floor.eot_train --out <path>"))


class TurnEndPolicy(Protocol):
    """Asked every frame while the user is silent after speech: has the turn ended?"""

    name: str

    def probability(
        self, features: Mapping[str, float], words: str, pause_ms: float, words_final: bool = True
    ) -> float: ...

    def should_commit(
        self, features: Mapping[str, float], words: str, pause_ms: float, words_final: bool = True
    ) -> bool: ...


class EndOfTurnDetector:
    """Prosody + words + pause model; ``features`` come from ``ProsodyTracker.features()``.

    With a ``completion`` scorer (and a model trained with it) final words are also scored by the
    language model; ``probability`` then blocks on the model for a text it has not scored yet, so the
    agent scores the final transcript in a thread first (``needs_completion`` / ``completion``)."""

    def __init__(self, model: EndOfTurnModel | None = None, threshold: float | None = None,
                 completion: CompletionScorer | None = None) -> None:
        self.model = model or EndOfTurnModel.load(with_completion=completion is not None)
        if self.model.uses_completion and completion is None:
            raise ConfigError("this end-of-turn model reads the language model's completion score; "
                              "give the detector a completion scorer or load the plain model")
        self.completion = completion if self.model.uses_completion else None
        self.threshold = self.model.threshold if threshold is None else threshold
        self.veto_below = INCOMPLETE_P
        self.complete_after_ms = COMPLETE_AFTER_MS
        self.preface_hold_ms = PREFACE_HOLD_MS
        self.name = "prosody+words+LM model" if self.completion is not None else "prosody+words model"

    def probabilities(
        self, prosody: np.ndarray, words: str, pause_ms: np.ndarray, words_final: bool = True
    ) -> np.ndarray:
        """Vectorised over the frames of one pause (same transcript): used by training and the bench."""
        p_complete = None
        if self.completion is not None and words_final:
            p_complete = self.completion.p_complete(words)
        z = self.model.logits(feature_matrix(prosody, words, pause_ms, words_final, p_complete))
        if p_complete is not None and p_complete < self.veto_below and words.strip():
            # The language model is sure the sentence goes on ("I was wondering if you have"): no
            # pause length makes that a finished turn; only the agent's hard cap ends it.
            return np.zeros_like(z)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))
        unfinished = words_unfinished(words, p_complete)
        if p_complete is not None and p_complete >= COMPLETE_P and not unfinished:
            # A finished sentence and a long pause: answer even when the prosody is unreadable (a
            # voice the pitch tracker cannot follow leaves the model unsure for ever). "... for six"
            # may still become "for six thirty", except in a question ("can I book a table for two?");
            # otherwise only unreadable prosody hands over to the words there.
            rows = np.atleast_2d(prosody)
            no_pitch = (rows[:, 0] == 0.0) & (rows[:, 1] == 0.0)
            half_number = word_features(words)["ends_half_number"] and not starts_a_question(words)
            trust_words = no_pitch if half_number else np.ones_like(no_pitch)
            lift = trust_words & (np.asarray(pause_ms) >= self.complete_after_ms)
            p = np.where(lift, np.maximum(p, self.threshold), p)
        if preface_only(words):  # "Wait." / "Sorry.": the caller has the floor but not yet the point
            p = np.where(np.asarray(pause_ms) < self.preface_hold_ms, 0.0, p)
        return p

    def probability(
        self, features: Mapping[str, float], words: str, pause_ms: float, words_final: bool = True
    ) -> float:
        row = np.array([[float(features.get(k, 0.0)) for k in PROSODY_INPUTS]])
        return float(self.probabilities(row, words, np.array([pause_ms]), words_final)[0])

    def should_commit(
        self, features: Mapping[str, float], words: str, pause_ms: float, words_final: bool = True
    ) -> bool:
        return self.probability(features, words, pause_ms, words_final) >= self.threshold

    def holds(self, words: str) -> bool:
        """Final words that end unfinished ("... a table for", "... um"): no pause length ends the
        turn, only the agent's cap. Reads the completion score only from the cache (the agent scores
        final words in a thread before it asks)."""
        p_complete = self.completion.cached(words) if self.completion is not None else None
        return words_unfinished(words, p_complete)


def words_unfinished(words: str, p_complete: float | None = None) -> bool:
    """The words end on a filler, in the middle of a phone or card number, or on a connective that
    the language model (when it has scored them) does not read as a finished sentence."""
    cues = word_features(words)
    if cues["ends_filler"] or digits_pending(words):
        return True
    if not cues["ends_connective"]:
        return False
    return p_complete is None or p_complete < CONNECTIVE_OVERRULED_P


class VadSilenceBaseline:
    """The classic rule: the turn is over after ``silence_ms`` of silence, whatever was said."""

    def __init__(self, silence_ms: float) -> None:
        self.silence_ms = silence_ms
        self.name = f"VAD silence {silence_ms:g} ms"

    def probability(
        self, features: Mapping[str, float], words: str, pause_ms: float, words_final: bool = True
    ) -> float:
        return 1.0 if pause_ms >= self.silence_ms else 0.0

    def should_commit(
        self, features: Mapping[str, float], words: str, pause_ms: float, words_final: bool = True
    ) -> bool:
        return pause_ms >= self.silence_ms
