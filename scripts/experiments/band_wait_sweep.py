"""The agent's turn gate replayed on the end-of-turn bench with one more rule: when the predictor would
answer while the hold model's reading sits in the band just above its hold threshold (below
``threshold + d``), the answer waits until the pause is ``x`` ms long. Session 23: on the slated split
nine of the eleven turns committed inside a mid-sentence pause read between the hold threshold and
``answer_above``, and were answered at the gate's first chance (250 ms).

Run: ``.venv/bin/python scripts/experiments/band_wait_sweep.py [--lag]`` (``--lag``: the final words
arrive 150-300 ms after the speech, as the agent measures). Prints only numbers: per split the false
cut-off rate (any commit inside the pause), the mean dead air, and ``talk``: the share of mid-sentence
pauses in which the agent would have talked for ``TALK_S`` or more before the caller went on (FDB's
take-over needs 1 s or more than three words; the agent stops within about 90 ms of the caller's
return).
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
from gate_replay import SPLITS, GateReplay

import chinwag.agents.turn_gate as turn_gate
import chinwag.bench.eot_agent as eot_agent
from chinwag.bench.eot_agent import agent_commits, agent_turn_settings
from chinwag.bench.eot_bench import BETWEEN_SENTENCES, commit_ms
from chinwag.floor.hold_model import HoldModel

BAND = (0.15, 0.3, 0.45, 0.6)  # above the hold threshold (answer_above sits 0.44 above it)
WAIT_MS = (500.0, 700.0, 900.0, 1200.0)
TALK_S = 0.9


def talk_rate(events: list[Any], gate: Any) -> float:
    talked = [(e.pause_limit_ms - commit_ms(gate(e), 0.5)) / 1000 >= TALK_S
              for e in events if not e.is_end and e.kind not in BETWEEN_SENTENCES]
    return float(np.mean(talked)) if talked else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lag", action="store_true", help="final words 150-300 ms after the speech")
    args = parser.parse_args()
    replay = GateReplay((150.0, 300.0) if args.lag else None)
    rule = {"d": 0.0, "x": 0.0}
    shipped_decide = turn_gate.decide

    def decide(floor: Any, spec: Any, words: str, final: bool, pause_ms: float, p_end: float,
               prosody: Mapping[str, float] | None = None) -> str | None:
        why = shipped_decide(floor, spec, words, final, pause_ms, p_end, prosody)
        if why == "predictor" and pause_ms < rule["x"]:
            reading = turn_gate.hold_reading(floor, spec, words, final, prosody)
            if reading is not None and reading < floor.hold_model.threshold + rule["d"]:
                return None
        return why

    eot_agent.decide = decide
    shipped, base = HoldModel.load(), agent_turn_settings()
    for d, x in [(0.0, 0.0), *itertools.product(BAND, WAIT_MS)]:
        rule.update(d=d, x=x)
        gate = agent_commits(replay.detector, base, replay.probs, shipped)
        talk = "; ".join(f"{s} talk {talk_rate(replay.data[s], gate):.3f}" for s in SPLITS)
        print(f"d {d}, x {x:.0f}: {replay.line(base, shipped)}; {talk}", flush=True)


if __name__ == "__main__":
    main()
