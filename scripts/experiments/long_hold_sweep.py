"""The agent's turn gate replayed on the end-of-turn bench's dev and held-out turns with the long hold
(``turn.long_hold_below``) widened up to every pause the hold model holds, and the hold threshold
raised, to see what holding longer costs in dead air (session 21).

Run: ``.venv/bin/python scripts/experiments/long_hold_sweep.py``. Prints only numbers: false cut-off
rate and mean dead air per split and setting.

Session 21: every hold long (2.6 s) read dev 8.5 -> 7.4 % at 524 -> 550 ms, held-out 6.4 % at 421 ->
441 ms; with the threshold raised by 0.2, 5.3 % / 600 ms and 6.4 % / 498 ms. On the duplex bench it
did not transfer (louvred's turn-taking latency 0.59 -> 1.18 s): see docs/duplex-history-s21.md.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import chinwag.floor.completion as completion_mod
from chinwag.bench.eot_agent import agent_commits, agent_turn_settings
from chinwag.bench.eot_bench import model_probabilities, score
from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.end_of_turn import EndOfTurnDetector
from chinwag.floor.eot_data import load_dataset
from chinwag.floor.hold_model import HoldModel

LONG_HOLD_BELOW = (-0.5, -0.3, None)  # None: the hold model's own threshold (every hold is long)
THRESHOLD_SHIFT = (0.0, 0.1, 0.2, 0.3, 0.45)


def main() -> None:
    completion_mod.CACHE_SIZE = 10**7
    data = load_dataset(hearing="whisper")
    detector = EndOfTurnDetector(completion=load_smollm2_scorer())
    probs_of = model_probabilities(detector)
    cached = {id(e): probs_of(e) for split in ("dev", "heldout") for e in data[split]}

    def probs(e: object) -> object:
        return cached[id(e)]

    shipped, base = HoldModel.load(), agent_turn_settings()
    for below, shift in itertools.product(LONG_HOLD_BELOW, THRESHOLD_SHIFT):
        if below is not None and shift:
            continue
        hold = replace(shipped, threshold=shipped.threshold + shift)
        turn = replace(base, long_hold_below=hold.threshold if below is None else below)
        gate = agent_commits(detector, turn, probs, hold)  # type: ignore[arg-type]
        cells = []
        for split in ("dev", "heldout"):
            s = score(data[split], gate, 0.5)
            cells.append(f"{split} {s['false_cutoff_rate']:.3f} / {s['dead_air_mean_ms']:.0f} ms")
        print(f"long hold below {'threshold' if below is None else below}, shift {shift}: " + "; ".join(cells),
              flush=True)


if __name__ == "__main__":
    main()
