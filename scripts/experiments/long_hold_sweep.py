"""The agent's turn gate replayed on the end-of-turn bench's dev and held-out turns with the long hold
(``turn.long_hold_below``) widened up to every pause the hold model holds, and the hold threshold
raised, to see what holding longer costs in dead air (session 21).

Run: ``.venv/bin/python scripts/experiments/long_hold_sweep.py``. Prints only numbers: false cut-off
rate and mean dead air per split and setting.

Session 21, with session 19's models: every hold long (2.6 s) read dev 8.5 -> 7.4 % at 524 -> 550 ms,
held-out 6.4 % at 421 -> 441 ms; with the threshold raised by 0.2, 5.3 % / 600 ms and 6.4 % / 498 ms
(with session 21's refit: dev 7.4 % / 550 ms, held-out 6.4 % / 464 ms). On the duplex bench it did not
transfer (louvred's turn-taking latency 0.59 -> 1.18 s): see docs/duplex-history-s21.md.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from gate_replay import GateReplay

from chinwag.bench.eot_agent import agent_turn_settings
from chinwag.floor.hold_model import HoldModel

LONG_HOLD_BELOW = (-0.5, -0.3, None)  # None: the hold model's own threshold (every hold is long)
THRESHOLD_SHIFT = (0.0, 0.1, 0.2, 0.3, 0.45)


def main() -> None:
    replay = GateReplay()
    shipped, base = HoldModel.load(), agent_turn_settings()
    for below, shift in itertools.product(LONG_HOLD_BELOW, THRESHOLD_SHIFT):
        if below is not None and shift:
            continue
        hold = replace(shipped, threshold=shipped.threshold + shift)
        turn = replace(base, long_hold_below=hold.threshold if below is None else below)
        print(f"long hold below {'threshold' if below is None else below}, shift {shift}: "
              f"{replay.line(turn, hold)}", flush=True)


if __name__ == "__main__":
    main()
