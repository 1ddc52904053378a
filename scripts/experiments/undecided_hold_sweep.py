"""The agent's turn gate replayed on the end-of-turn bench with ``turn.undecided_hold_max_ms`` varied:
how long a pause the hold model reads as undecided (between its threshold and ``answer_above``) is
held before the predictor may answer (``turn_gate.undecided_holds``, session 23).

Run: ``.venv/bin/python scripts/experiments/undecided_hold_sweep.py [--lag]`` (``--lag``: the final
words arrive 150-300 ms after the speech, as the agent measures). Prints only numbers: per split the
false cut-off rate (any commit inside the pause), the mean dead air, and ``talk``: the share of
mid-sentence pauses in which the agent would have talked for ``TALK_S`` or more before the caller went
on (FDB's take-over needs 1 s or more than three words; the agent stops within about 90 ms of the
caller's return).

Session 23, with ``--lag`` (dev / held-out: cut-offs, dead air, talk): 0 ms 8.5 % / 4.6 %, 479 / 422
ms, 4.3 % / 3.7 %; 500 ms 8.5 / 4.6 %, 485 / 443 ms; 700 ms 8.5 / 4.6 %, 493 / 462 ms; 1000 ms
7.4 / 4.6 %, 504 / 491 ms, 2.1 / 2.8 %; 1200 ms 7.4 / 4.6 %, 512 / 510 ms, 1.1 / 0.9 %; 1500 ms
5.3 / 4.6 %, 523 / 538 ms, 0 / 0.9 %. The held-out pauses it holds are longer than the hold, so the
strict cut-off rate does not move there; the dead air does.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

import numpy as np
from gate_replay import SPLITS, GateReplay

from chinwag.bench.eot_agent import agent_commits, agent_turn_settings
from chinwag.bench.eot_bench import BETWEEN_SENTENCES, commit_ms
from chinwag.floor.hold_model import HoldModel

WAIT_MS = (0.0, 500.0, 700.0, 1000.0, 1200.0, 1500.0)
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
    shipped, base = HoldModel.load(), agent_turn_settings()
    for wait_ms in WAIT_MS:
        turn = replace(base, undecided_hold_max_ms=wait_ms)
        gate = agent_commits(replay.detector, turn, replay.probs, shipped)
        talk = "; ".join(f"{s} talk {talk_rate(replay.data[s], gate):.3f}" for s in SPLITS)
        print(f"undecided hold {wait_ms:.0f} ms: {replay.line(turn, shipped)}; {talk}", flush=True)


if __name__ == "__main__":
    main()
