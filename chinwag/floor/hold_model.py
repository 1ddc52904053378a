"""Hold on, or answer? One small logistic model over every cue the agent has when a pause begins.

Why: the tail probe (``tail_probe.py``) hears whether the speech *sounded* finished, but alone it
misses fragments that Whisper completed and that sound finished to it ("We need two rooms, add."),
and it hears a finished question's rise as a hesitation, so questions were simply never held. The
other cues the agent already has say more together: the probe's logit, how sure Whisper was of the
words, the language model's completion score, whether the words are a question, how many words
there are, and the prosody at the pause (pitch slope and level, energy drop, speaking rate, final
syllable). Fitted on the end-of-turn generator's *dev* turns with the words Whisper really hears
(``hold_train.py``: the probe was trained on its train turns, so its logits there are too
confident), and measured on its held-out voices and sentences. Below ``threshold`` the agent holds
the turn open (``agents.turn_gate.tail_holds``) until ``tail_hold_max_ms`` or the cap.

Session 11: fitted on the duplex bench's callers too (``bench/duplex_pause_events.py``: ten splits,
thirty voices), and at or above ``answer_above`` the turn reads as surely finished, so the agent
answers even when the language model alone would wait (``agents.turn_gate.decide``): a short
statement such as a name or "Good, a table for five this Saturday at one" reads as unfinished to the
language model and waited for the 3 s cap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.errors import ConfigError
from chinwag.floor.logistic import FIELDS, StandardisedLogistic
from chinwag.floor.shipped import read_model_json
from chinwag.floor.small_net import NET_FIELDS, TanhEnsemble
from chinwag.floor.word_cues import starts_a_question

HOLD_FILE = "eot_hold_model.json"
PROSODY = ("pitch_slope_st_per_s", "final_pitch_st", "energy_drop_db", "speaking_rate_hz", "final_run_ms")
# Session 16: where the evidence is strong, one cue should outweigh the other, which a plain sum cannot
# say. Hinges on the probe's logit and the completion score, and each weighed by how sure the recogniser
# was: noisy voices turn into fluent nonsense that the language model reads as finished ("... and a
# squamous en she could."), while the probe heard the speech trail off (logit -3 to -5).
SHAPES = ("tail_below_-2", "tail_below_-4", "tail_above_2", "log_p_complete_below_-3", "tail_x_word_doubt",
          "log_p_complete_x_word_probability")
# Session 18: the probability of the last word heard (``listen.heard.last_word_probability``): a word
# Whisper's language model added to complete a fragment is heard less surely than the caller's own.
FEATURES = ("tail_logit", "word_probability", "log_p_complete", "question", "question_log_p_complete",
            "log_words", *PROSODY, *SHAPES, "last_word_probability")


@dataclass(frozen=True)
class HoldCues:
    """What the hold model reads when a pause begins (``agents.turn_gate.hold_cues`` gathers them)."""

    tail_logit: float  # the tail probe's reading of the decode
    word_probability: float | None  # the recogniser's mean word probability (None: no words)
    p_complete: float  # the language model's completion score for ``words``
    words: str  # the final words heard before the acoustic end
    prosody: Mapping[str, float]  # ``PROSODY`` at the pause
    last_word_probability: float | None = None  # the last heard word's (None: the mean's)


def hold_features(cues: HoldCues) -> np.ndarray:
    words = cues.words
    question = float(starts_a_question(words) or words.rstrip().endswith("?"))
    log_pc = math.log(cues.p_complete + 1e-4)
    tail, sure = min(8.0, max(-8.0, cues.tail_logit)), cues.word_probability or 0.0
    shapes = (min(tail + 2.0, 0.0), min(tail + 4.0, 0.0), max(tail - 2.0, 0.0), min(log_pc + 3.0, 0.0),
              tail * (1.0 - sure), log_pc * sure)
    last = sure if cues.last_word_probability is None else cues.last_word_probability  # no words: the mean's 0
    return np.array([tail, sure, log_pc, question, question * log_pc, math.log1p(len(words.split())),
                     *(float(cues.prosody.get(k, 0.0)) for k in PROSODY), *shapes, last], dtype=np.float64)


LEARNERS = ("logistic", "network")  # the JSON's "learner"; a file without one is a logistic (sessions 10-23)


@dataclass(frozen=True)
class HoldModel:
    """A logistic regression (shipped) or a small network ensemble (``small_net``; session 24 measured it
    and kept the logistic) over standardised ``FEATURES``; logit > 0 leans "finished" (class-balanced
    log-odds either way)."""

    scorer: StandardisedLogistic | TanhEnsemble
    threshold: float  # hold below this logit
    metadata: dict[str, Any] = field(default_factory=dict)
    answer_above: float | None = None  # at or above this logit the turn is surely finished

    @property
    def learner(self) -> str:
        return "network" if isinstance(self.scorer, TanhEnsemble) else "logistic"

    def logit(self, features: np.ndarray) -> float:
        return self.scorer.logit(features)

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        return self.scorer.logits(matrix)

    def read(self, cues: HoldCues) -> float:
        """The logit for these cues."""
        return self.logit(hold_features(cues))

    def surely_finished(self, cues: HoldCues) -> bool:
        return self.answer_above is not None and self.read(cues) >= self.answer_above

    def holds(self, cues: HoldCues) -> bool:
        return self.read(cues) < self.threshold

    def to_json(self) -> dict[str, Any]:
        learner = {"learner": self.learner} if self.learner != "logistic" else {}  # the older files' layout
        return {"features": list(FEATURES), **learner, **self.scorer.to_json(),
                "threshold": self.threshold, "answer_above": self.answer_above, **self.metadata}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HoldModel:
        if list(data.get("features", [])) != list(FEATURES):
            raise ConfigError(f"hold model JSON reads features {data.get('features')}, this chinwag "
                              f"computes {list(FEATURES)}; retrain it with `python -m chinwag.floor.hold_train`")
        learner = data.get("learner", "logistic")
        if learner not in LEARNERS:
            raise ConfigError(f"the hold model JSON's learner is {learner!r}, this chinwag reads {LEARNERS}")
        fields = NET_FIELDS if learner == "network" else FIELDS
        core = ("features", "learner", *fields, "threshold", "answer_above")
        missing = [k for k in (*fields, "threshold") if k not in data]  # answer_above came in session 11
        if missing:
            raise ConfigError(f"the hold model JSON lacks {missing}; retrain it with "
                              "`python -m chinwag.floor.hold_train`")
        scorer: StandardisedLogistic | TanhEnsemble
        if learner == "network":
            scorer = TanhEnsemble.from_json(data, len(FEATURES), "hold model")
        else:
            scorer = StandardisedLogistic.from_json(data, len(FEATURES), "hold model")
        answer_above = data.get("answer_above")
        return cls(scorer, float(data["threshold"]), {k: v for k, v in data.items() if k not in core},
                   None if answer_above is None else float(answer_above))

    @classmethod
    def load(cls, path: str | Path | None = None) -> HoldModel:
        """The shipped model by default; ``path`` for one you trained."""
        return cls.from_json(read_model_json(path, HOLD_FILE, "hold model", "python -m chinwag.floor.hold_train"))
