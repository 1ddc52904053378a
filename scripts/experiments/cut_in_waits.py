"""How long the agent waits after each cut-in of the user-interruption task, and why (numbers only, no
words: safe on a blind split). Session 22: slated's blind run had three cut-ins answered at the
1.5 s cut-in cap, as thatched had (session 20) and each default split has one.

Run: ``.venv/bin/python scripts/experiments/cut_in_waits.py --splits dev,held_out [--cases 20]``.
Per case: the turn end of the cut-in (its pause, reason, Whisper's mean and last-word probability,
the hold model's reading of the cut-in, the predictor's p_end); then a count per reason.
"""

from __future__ import annotations

import argparse
from collections import Counter

from case_runs import CaseRuns

from chinwag.bench.duplex_scenarios import load_cases, select_cases
from chinwag.events import EventKind


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--splits", required=True)
    parser.add_argument("--cases", type=int, default=20)
    args = parser.parse_args()
    runs, reasons = CaseRuns(), Counter()
    for split in args.splits.split(","):
        for case in select_cases(load_cases(None), args.cases, split):
            if case.task != "user_interruption":
                continue
            recording, result = runs.run(case)
            onset_ms = recording.marks.get("onset_s", 0.0) * 1000
            ends = [ev for ev in result.events if ev.kind is EventKind.TURN_END and ev.t_ms >= onset_ms]
            heard = [ev for ev in result.events if ev.kind is EventKind.TRANSCRIPT_FINAL and ev.t_ms >= onset_ms]
            probs = [w.get("p") for w in (heard[0].data.get("words") or [])] if heard else []
            probs = [p for p in probs if p is not None]
            mean_p = round(sum(probs) / len(probs), 2) if probs else None
            if not ends:
                print(f"{case.id} {case.voice}: no turn end")
                reasons["none"] += 1
                continue
            d = ends[0].data
            reasons[str(d.get("reason"))] += 1
            print(f"{case.id} {case.voice}: pause {d.get('pause_ms')} ms reason {d.get('reason')} "
                  f"cut_in {d.get('cut_in')} mean_p {mean_p} last_p {d.get('last_word_probability')} "
                  f"hold {d.get('hold_logit')} tail {d.get('tail_logit')} p_end {d.get('p_end_of_turn')}",
                  flush=True)
    print(dict(reasons))


if __name__ == "__main__":
    main()
