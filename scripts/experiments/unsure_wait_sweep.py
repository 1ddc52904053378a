"""The agent's turn gate replayed on the end-of-turn bench with one more rule: when Whisper's mean word
probability is below ``u``, the predictor's answer also needs the hold model's reading ``d`` above its
threshold, else the turn waits (up to the unsure-words cap). Session 21; thatched's pause take-overs
were garbled words the predictor answered.

Run: ``.venv/bin/python scripts/experiments/unsure_wait_sweep.py [--lag]`` (``--lag``: the final
words arrive 150-300 ms after the speech, as the agent measures). Prints only numbers.

Session 21, with ``--lag``: shipped dev 8.5 % / 483 ms, held-out 6.4 % / 398 ms; dev's pick (least
dead air at <= 5 % on dev) u 0.8, d 0.2: dev 4.3 % / 503 ms, held-out 5.5 % / 454 ms. Not shipped.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Mapping
from typing import Any

import chinwag.agents.turn_gate as turn_gate
import chinwag.bench.eot_agent as eot_agent
import chinwag.floor.completion as completion_mod
from chinwag.bench.eot_agent import agent_commits, agent_turn_settings
from chinwag.bench.eot_bench import model_probabilities, score, with_asr_lag
from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.end_of_turn import EndOfTurnDetector
from chinwag.floor.eot_data import load_dataset
from chinwag.floor.hold_model import HoldModel

WORD_PROBABILITY_BELOW = (0.6, 0.7, 0.8, 0.9)
ABOVE_THRESHOLD = (0.1, 0.2, 0.3, 0.4)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lag", action="store_true", help="final words 150-300 ms after the speech")
    args = parser.parse_args()
    completion_mod.CACHE_SIZE = 10**7
    data = load_dataset(hearing="whisper")
    if args.lag:
        data = {split: with_asr_lag(events, (150.0, 300.0)) for split, events in data.items()}
    detector = EndOfTurnDetector(completion=load_smollm2_scorer())
    probs_of = model_probabilities(detector)
    cached = {id(e): probs_of(e) for split in ("dev", "heldout") for e in data[split]}

    def probs(e: object) -> object:
        return cached[id(e)]

    rule = {"u": 0.0, "d": 0.0}
    shipped_decide = turn_gate.decide

    def decide(floor: Any, spec: Any, words: str, final: bool, pause_ms: float, p_end: float,
               prosody: Mapping[str, float] | None = None) -> str | None:
        why = shipped_decide(floor, spec, words, final, pause_ms, p_end, prosody)
        unsure = spec is not None and spec.heard_probability is not None and spec.heard_probability < rule["u"]
        if why == "predictor" and unsure:
            reading = turn_gate.hold_reading(floor, spec, words, final, prosody)
            if reading is not None and reading < floor.hold_model.threshold + rule["d"]:
                return None
        return why

    eot_agent.decide = decide
    shipped, base = HoldModel.load(), agent_turn_settings()
    settings = [(0.0, 0.0), *itertools.product(WORD_PROBABILITY_BELOW, ABOVE_THRESHOLD)]
    for u, d in settings:
        rule.update(u=u, d=d)
        gate = agent_commits(detector, base, probs, shipped)  # type: ignore[arg-type]
        cells = []
        for split in ("dev", "heldout"):
            s = score(data[split], gate, 0.5)
            cells.append(f"{split} {s['false_cutoff_rate']:.3f} / {s['dead_air_mean_ms']:.0f} ms")
        print(f"u {u}, d {d}: " + "; ".join(cells), flush=True)


if __name__ == "__main__":
    main()
