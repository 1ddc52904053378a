"""The end-of-turn bench's dev and held-out turns with the predictor's probabilities computed once, for
the scripts that replay the agent's turn gate with settings varied (``gate_sweep.py``,
``long_hold_sweep.py``, ``unsure_wait_sweep.py``). They import it as ``from gate_replay import
GateReplay`` (Python puts a script's own folder first on its path)."""

from __future__ import annotations

from typing import Any

import chinwag.floor.completion as completion_mod
from chinwag.agents.floor_parts import TurnSettings
from chinwag.bench.eot_agent import agent_commits
from chinwag.bench.eot_bench import model_probabilities, score, with_asr_lag
from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.end_of_turn import EndOfTurnDetector
from chinwag.floor.eot_data import load_dataset
from chinwag.floor.hold_model import HoldModel

SPLITS = ("dev", "heldout")


class GateReplay:
    """``lag_ms``: replay with the final words arriving this long after the speech (``with_asr_lag``)."""

    def __init__(self, lag_ms: tuple[float, float] | None = None) -> None:
        completion_mod.CACHE_SIZE = 10**7
        data = load_dataset(hearing="whisper")
        if lag_ms is not None:
            data = {split: with_asr_lag(events, lag_ms) for split, events in data.items()}
        self.data = data
        self.detector = EndOfTurnDetector(completion=load_smollm2_scorer())
        probs_of = model_probabilities(self.detector)
        self._probs = {id(e): probs_of(e) for split in SPLITS for e in data[split]}

    def probs(self, event: object) -> Any:
        return self._probs[id(event)]

    def score(self, turn: TurnSettings, hold: HoldModel) -> dict[str, dict[str, Any]]:
        """The gate with these settings, scored per split (false cut-offs, dead air, ...)."""
        gate = agent_commits(self.detector, turn, self.probs, hold)
        return {split: score(self.data[split], gate, 0.5) for split in SPLITS}

    def line(self, turn: TurnSettings, hold: HoldModel) -> str:
        """``score`` as one printable line: false cut-off rate / mean dead air per split."""
        return "; ".join(f"{split} {s['false_cutoff_rate']:.3f} / {s['dead_air_mean_ms']:.0f} ms"
                         for split, s in self.score(turn, hold).items())
