"""What the agent heard and decided around a caller's cut-in, per duplex-bench case (virtual clock).

Run: ``.venv/bin/python scripts/experiments/cut_in_trace.py --split S [--task user_backchannel]``.
Prints, per case, the floor events after the cut-in's onset: the stop, the words heard of the burst,
the judge's verdicts and the resume (for ``--task pause_handling``, after the mid-sentence pause
begins: the turn end and its readings). ``--only 001,004`` picks cases by number. It prints the
words heard, so never run it on a blind split.
"""

from __future__ import annotations

import argparse
import asyncio

from chinwag.agents.factory import ModelPool, build_agent
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import LoadedAudio
from chinwag.bench.duplex import CUT_IN_TASKS, _CaseRunner, _quiet
from chinwag.bench.duplex_scenarios import load_cases, select_cases
from chinwag.bench.simulator import cached_render
from chinwag.config import load_config
from chinwag.conversation import run_conversation
from chinwag.events import EventKind

SHOWN = {EventKind.BARGE_IN, EventKind.INTERRUPTION_SUSPECTED, EventKind.INTERRUPTION_RESUMED,
         EventKind.TRANSCRIPT_PARTIAL, EventKind.TRANSCRIPT_FINAL, EventKind.UTTERANCE_TRUNCATED,
         EventKind.TURN_END, EventKind.FLOOR}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", required=True)
    parser.add_argument("--task", default="user_backchannel")
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--only", default="", help="comma-separated case-number suffixes, e.g. 001,004")
    args = parser.parse_args()
    config = load_config(None)
    pool = ModelPool.load(config)
    runner = _CaseRunner("cascaded", pool, "virtual", config.turn.end_of_turn_silence_ms / 1000,
                         lambda *_: None, lambda *_: None, None)  # type: ignore[arg-type]
    for case in select_cases(load_cases(None), args.cases, args.split):
        if case.task != args.task or (args.only and case.id[-3:] not in args.only.split(",")):
            continue
        delay = runner.reply_delay_s(case) if case.task in CUT_IN_TASKS else runner.default_delay_s
        recording = cached_render(case, delay)
        marks = recording.marks
        onset_ms = marks.get("onset_s", marks.get("pause_start_s", 0.0)) * 1000  # pause cases: the pause
        result = asyncio.run(run_conversation(_quiet(build_agent("cascaded", pool)),
                                              LoadedAudio(recording.samples, SAMPLE_RATE_HZ, 1), fast=True))
        print(f"== {case.id} {case.voice} {case.texts[-1]!r} onset {onset_ms:.0f} ms")
        for ev in result.events:
            if ev.kind in SHOWN and onset_ms - 100 <= ev.t_ms <= onset_ms + 3000:
                data = {k: v for k, v in ev.data.items() if k not in ("words",)}
                print(f"   {ev.t_ms - onset_ms:+6.0f} {ev.kind.value} {data}")


if __name__ == "__main__":
    main()
