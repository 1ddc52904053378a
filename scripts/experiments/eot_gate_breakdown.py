"""Where the agent's turn gate spends its dead air and makes its false cut-offs on the end-of-turn
bench (``chinwag bench eot --words whisper``): per event, when it commits and the gate's reason.

Run: ``.venv/bin/python scripts/experiments/eot_gate_breakdown.py [--split heldout|dev]``.
Prints a summary; ``--json F`` writes one row per event (no sentences, only ids and numbers).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

import numpy as np

import chinwag.floor.completion as completion_mod
from chinwag.agents.floor_parts import FloorParts
from chinwag.agents.turn_gate import decide
from chinwag.bench.eot_agent import HeardTurn, agent_turn_settings
from chinwag.bench.eot_bench import model_probabilities
from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.end_of_turn import EndOfTurnDetector
from chinwag.floor.eot_data import PROSODY_KEYS, load_dataset
from chinwag.floor.hold_model import HoldCues, HoldModel


def replay(split: str) -> list[dict[str, object]]:
    completion_mod.CACHE_SIZE = 10**7
    events = load_dataset(hearing="whisper")[split]
    detector = EndOfTurnDetector(completion=load_smollm2_scorer())
    probs_of = model_probabilities(detector)
    hold = HoldModel.load()
    floor = FloorParts(detector, turn=agent_turn_settings(), hold_model=hold)
    rows = []
    for e in events:
        p_end = probs_of(e)
        done = HeardTurn(e.heard_probability, e.tail_logit, last_word_probability=e.last_word_probability)
        commit, reason = None, None
        for k, (pause, p) in enumerate(zip(e.query_pause_ms, p_end, strict=True)):
            if pause >= e.pause_limit_ms:
                break
            final = bool(pause >= e.asr_lag_ms)
            prosody = dict(zip(PROSODY_KEYS, e.prosody[k], strict=True))
            why = decide(floor, done if final else HeardTurn(None, None), e.words_at(pause), final,
                         float(pause), float(p), prosody)
            if why is not None:
                commit, reason = float(pause), why
                break
        words = e.words
        p_complete = detector.completion.cached(words)
        prosody = dict(zip(PROSODY_KEYS, e.prosody[min(len(e.prosody) - 1, int(e.asr_lag_ms // 20))], strict=True))
        reading = None if e.tail_logit is None or p_complete is None else hold.read(
            HoldCues(e.tail_logit, e.heard_probability, p_complete, words, prosody, e.last_word_probability))
        rows.append({"id": e.turn_id, "voice": e.voice, "kind": e.kind, "is_end": e.is_end,
                     "pause_limit_ms": e.pause_limit_ms, "asr_lag_ms": e.asr_lag_ms, "commit_ms": commit,
                     "reason": reason, "hold_reading": reading, "tail_logit": e.tail_logit,
                     "p_complete": p_complete, "heard_probability": e.heard_probability})
    return rows


def summarise(rows: list[dict[str, object]]) -> None:
    ends = [r for r in rows if r["is_end"]]
    mids = [r for r in rows if not r["is_end"]]
    dead = np.array([min(r["commit_ms"] or 3000.0, 3000.0) for r in ends])
    print(f"ends {len(ends)} dead air mean {dead.mean():.1f} p50 {np.median(dead):.0f}")
    lagged = np.array([r["commit_ms"] - max(r["asr_lag_ms"], 250) for r in ends if r["commit_ms"]])
    print("commit - max(lag, 250) quantiles", np.percentile(lagged, [10, 50, 75, 90, 95]).round())
    print("end reasons", Counter(r["reason"] for r in ends))
    slow = [r for r in ends if (r["commit_ms"] or 3000) > 1000]
    share = sum(min(r["commit_ms"] or 3000, 3000) for r in slow) / dead.sum()
    print(f"slow ends (>1 s): {len(slow)}, share of dead air {share:.2f}")
    for r in sorted(slow, key=lambda r: r["commit_ms"] or 3000):
        print("  ", _row(r, "commit_ms", "reason", "hold_reading", "tail_logit", "p_complete",
                         "heard_probability"))
    cut = [r for r in mids if r["commit_ms"] is not None]
    print(f"mid pauses {len(mids)} cut off {len(cut)}")
    for r in cut:
        print("  ", _row(r, "pause_limit_ms", "commit_ms", "reason", "hold_reading", "tail_logit"))


def _row(r: dict[str, object], *keys: str) -> str:
    cells = [str(r["voice"])[:18], str(r["kind"])]
    cells += [f"{k}={round(v, 2) if isinstance(v, float) else v}" for k in keys for v in [r[k]]]
    return " ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="heldout")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    rows = replay(args.split)
    summarise(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f)


if __name__ == "__main__":
    main()
