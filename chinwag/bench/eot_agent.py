"""The cascaded agent's whole turn gate, replayed on the end-of-turn data (``chinwag bench eot``).

Why: the bench's "model" rows score the prosody+words(+LM) predictor alone, but the agent answers
only when its turn gate (``agents.turn_gate.decide``) lets it: no earlier than ``min_end_of_turn_ms``;
not while the final words read as unfinished; not while the hold model (the tail probe on Whisper's
encoder with the words, Whisper's doubt and the prosody; or the probe's threshold alone) says the
turn should be held open; always at the cap (shorter when Whisper was unsure of the words). With the
words Whisper really hears (fragments it completes into sentences) the predictor alone cuts callers
off far more often than the agent does, so the row that stands for the agent asks the agent's own
gate at every 20 ms query. The data must carry each decode's tail
logit and word probability (``load_dataset(hearing="whisper")``); script words have no decode, so
there the tail probe never holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from chinwag.agents.floor_parts import FloorParts, TurnSettings
from chinwag.agents.turn_gate import decide
from chinwag.floor.end_of_turn import EndOfTurnDetector
from chinwag.floor.eot_data import PROSODY_KEYS, PauseEvent
from chinwag.floor.hold_model import HoldModel

ProbabilityFn = Callable[[PauseEvent], np.ndarray]


@dataclass(frozen=True)
class HeardTurn:
    """The readings the gate takes from the agent's speculative reply (``turn_gate.TurnReading``)."""

    heard_probability: float | None
    tail_logit: float | None
    cut_in: bool = False
    last_word_probability: float | None = None


def agent_commits(detector: EndOfTurnDetector, turn: TurnSettings, probs_of: ProbabilityFn,
                  hold_model: HoldModel | None = None) -> ProbabilityFn:
    """1.0 at every 20 ms query where the agent would answer, else 0.0 (score it at threshold 0.5).
    ``probs_of``: the predictor's probabilities (``eot_bench.model_probabilities``), whose final-word
    queries also fill the completion scorer's cache that the gate reads, as the agent's reply task
    fills it before the gate asks."""
    floor = FloorParts(detector, turn=turn, hold_model=hold_model)

    def run(e: PauseEvent) -> np.ndarray:
        p_end = probs_of(e)
        early = HeardTurn(None, None)  # before the decode is back the gate has no readings yet
        done = HeardTurn(e.heard_probability, e.tail_logit, last_word_probability=e.last_word_probability)
        out = np.zeros(p_end.size)
        for k, (pause, p) in enumerate(zip(e.query_pause_ms, p_end, strict=True)):
            final = bool(pause >= e.asr_lag_ms)
            reading = done if final else early
            prosody = dict(zip(PROSODY_KEYS, e.prosody[k], strict=True))
            out[k] = decide(floor, reading, e.words_at(pause), final, float(pause), float(p), prosody) is not None
        return out

    return run


def agent_turn_settings() -> TurnSettings:
    """The shipped config's turn settings, as ``chinwag talk`` builds them."""
    from chinwag.agents.factory import turn_settings
    from chinwag.config import load_config

    return turn_settings(load_config(None))


def agent_rows(events: list[PauseEvent], detector: EndOfTurnDetector, probs_of: ProbabilityFn,
               turn: TurnSettings, hold_model: HoldModel | None) -> dict[str, dict[str, object]]:
    """The agent's gate as shipped (with the hold model when the detector has the language model's
    completion score, as the agent does), with the tail probe's threshold alone, and without either."""
    from chinwag.bench.eot_bench import score

    rows: dict[str, dict[str, object]] = {}
    if hold_model is not None:
        rows["agent's turn gate (model + word holds + hold model + caps, shipped settings)"] = score(
            events, agent_commits(detector, turn, probs_of, hold_model), 0.5)
    rows["agent's turn gate with the tail probe's threshold alone (session 8-9 gate)"] = score(
        events, agent_commits(detector, turn, probs_of), 0.5)
    rows["agent's turn gate without the tail probe"] = score(
        events, agent_commits(detector, replace(turn, tail_hold_below=-np.inf), probs_of), 0.5)
    return rows
