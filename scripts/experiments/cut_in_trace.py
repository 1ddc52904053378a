"""What the agent heard and decided around a caller's cut-in, per duplex-bench case (virtual clock).

Run: ``.venv/bin/python scripts/experiments/cut_in_trace.py --split S [--task user_backchannel]``.
Prints, per case, the floor events after the cut-in's onset: the stop, the words heard of the burst,
the judge's verdicts and the resume (for ``--task pause_handling``, after the mid-sentence pause
begins: the turn end and its readings). ``--only 001,004`` picks cases by number. It prints the
words heard, so never run it on a blind split.
"""

from __future__ import annotations

import argparse

from case_runs import CaseRuns

from chinwag.bench.duplex_scenarios import load_cases, select_cases
from chinwag.events import EventKind

SHOWN = {EventKind.BARGE_IN, EventKind.INTERRUPTION_SUSPECTED, EventKind.INTERRUPTION_RESUMED,
         EventKind.TRANSCRIPT_PARTIAL, EventKind.TRANSCRIPT_FINAL, EventKind.UTTERANCE_TRUNCATED,
         EventKind.TURN_END, EventKind.FLOOR}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", required=True)
    parser.add_argument("--task", default="user_backchannel")
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--window-ms", type=float, default=3000.0, help="how long after the onset to show")
    parser.add_argument("--only", default="", help="comma-separated case-number suffixes, e.g. 001,004")
    args = parser.parse_args()
    runs = CaseRuns()
    for case in select_cases(load_cases(None), args.cases, args.split):
        if case.task != args.task or (args.only and case.id[-3:] not in args.only.split(",")):
            continue
        recording, result = runs.run(case)
        marks = recording.marks
        onset_ms = marks.get("onset_s", marks.get("pause_start_s", 0.0)) * 1000  # pause cases: the pause
        print(f"== {case.id} {case.voice} {case.texts[-1]!r} onset {onset_ms:.0f} ms")
        for ev in result.events:
            if ev.kind in SHOWN and onset_ms - 100 <= ev.t_ms <= onset_ms + args.window_ms:
                data = {k: v for k, v in ev.data.items() if k not in ("words",)}
                print(f"   {ev.t_ms - onset_ms:+6.0f} {ev.kind.value} {data}")


if __name__ == "__main__":
    main()
