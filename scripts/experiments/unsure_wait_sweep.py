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

from gate_replay import GateReplay

import chinwag.agents.turn_gate as turn_gate
import chinwag.bench.eot_agent as eot_agent
from chinwag.bench.eot_agent import agent_turn_settings
from chinwag.floor.hold_model import HoldModel

WORD_PROBABILITY_BELOW = (0.6, 0.7, 0.8, 0.9)
ABOVE_THRESHOLD = (0.1, 0.2, 0.3, 0.4)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lag", action="store_true", help="final words 150-300 ms after the speech")
    args = parser.parse_args()
    replay = GateReplay((150.0, 300.0) if args.lag else None)
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
        print(f"u {u}, d {d}: {replay.line(base, shipped)}", flush=True)


if __name__ == "__main__":
    main()
