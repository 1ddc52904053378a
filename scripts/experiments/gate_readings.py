"""What the turn gate read at each turn end of the pause-handling and turn-taking cases (virtual clock).

Run: ``.venv/bin/python scripts/experiments/gate_readings.py --split S [--split S2 ...] --out F.jsonl``.
Writes one JSON line per turn end: where it fell (in the mid-sentence pause, or after the turn's true
end), the pause it was committed at, the predictor's probability, the tail probe's and the hold model's
logits, Whisper's probability for the last word, and the gate's reason (with ``--task user_interruption``:
how long each cut-in waited and why, session 22). No words are written, so it may be run on a blind
split's summaries, but a split whose readings were used to choose a rule is no longer blind.
"""

from __future__ import annotations

import argparse
import json

from case_runs import CaseRuns

from chinwag.bench.duplex_scenarios import load_cases
from chinwag.events import EventKind

TASKS = ("pause_handling", "smooth_turn_taking")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", action="append", required=True)
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--out", required=True)
    parser.add_argument("--task", action="append", help=f"default: {', '.join(TASKS)}")
    args = parser.parse_args()
    runs = CaseRuns()
    with open(args.out, "w") as out:
        for split in args.split:
            cases = [c for c in load_cases(None) if c.split == split and c.task in (args.task or TASKS)]
            per_task: dict[str, int] = {}
            for case in cases:
                per_task[case.task] = per_task.get(case.task, 0) + 1
                if per_task[case.task] > args.cases:
                    continue
                recording, result = runs.run(case)
                marks = {k: v * 1000 for k, v in recording.marks.items()}
                for ev in result.events:
                    if ev.kind != EventKind.TURN_END:
                        continue
                    t = ev.t_ms
                    where = "before"
                    in_pause = "pause_start_s" in marks and (
                        marks["pause_start_s"] <= t < marks["pause_end_s"] + 200)
                    if in_pause:
                        where = "mid_pause"
                    elif t >= marks.get("turn_end_s", marks.get("end_s", 1e12)):
                        where = "end"
                    row = {"split": split, "case": case.id, "task": case.task, "voice": case.voice, "where": where,
                           **{k: ev.data.get(k) for k in ("pause_ms", "p_end_of_turn", "tail_logit", "hold_logit",
                                                          "last_word_probability", "heard_probability", "reason",
                                                          "cut_in")}}
                    out.write(json.dumps(row) + "\n")
                    out.flush()


if __name__ == "__main__":
    main()
