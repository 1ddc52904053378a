"""How often Whisper's decode in the reduced window loops on the duplex bench's caller turns, and what
the loop's redecode gives and costs (session 21).

Run: ``.venv/bin/python scripts/experiments/whisper_loops.py --splits dev,held_out,louvred,thatched``.
Decodes both halves of every pause-handling case and every turn-taking turn, as rendered for the
bench (cached). Prints the number of decodes, the looping ones with what the caller said and what
the recogniser gives, and the decode times. It prints sentences, so never run it on a blind split.

Session 21, before the change (loops went to faster-whisper's 30 s path): 3 of 240 decodes looped,
all the noisy Scottish voice of thatched, at 1.7, 9.2 and 1.9 s on 2 busy cores (median decode 0.44 s,
p95 0.68 s). Side by side after it (``--splits thatched``, three jobs on 2 cores): the whole
transcribe with the redecode 0.8-1.0 s, the 30 s path alone 1.6-8.2 s (median decode 0.49 s).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import chinwag.listen.whisper as whisper
from chinwag.agents.factory import ModelPool
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.bench.duplex_scenarios import load_cases
from chinwag.bench.simulator import cached_render
from chinwag.config import load_config


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--splits", default="dev,held_out")
    args = parser.parse_args()
    splits = set(args.splits.split(","))
    recognizer = ModelPool.load(load_config(None)).recognizer
    loops: list[str] = []  # what each looping decode said
    last_plain = [""]
    shipped_generate = whisper.WhisperRecognizer._generate

    def generate(self: whisper.WhisperRecognizer, encoder_output: object, utterance_s: float,
                 **options: object) -> tuple[list[int], str, float, float]:
        out = shipped_generate(self, encoder_output, utterance_s, **options)
        if options:  # the redecode of a loop
            loops.append(last_plain[0])
        else:
            last_plain[0] = out[1]
        return out

    whisper.WhisperRecognizer._generate = generate  # type: ignore[method-assign]
    times: list[float] = []
    for case in load_cases():
        if case.split not in splits or case.task not in ("pause_handling", "smooth_turn_taking"):
            continue
        recording = cached_render(case, 0.5)
        marks = recording.marks
        spans = [(marks["turn_start_s"], marks["pause_start_s"])] if "pause_start_s" in marks else []
        spans.append((marks.get("pause_end_s", marks["turn_start_s"]), marks["turn_end_s"]))
        for start_s, end_s in spans:
            a, b = max(0, int(start_s * SAMPLE_RATE_HZ) - 4800), int(end_s * SAMPLE_RATE_HZ) + 2400
            before = len(loops)
            t0 = time.perf_counter()
            text = recognizer.transcribe(recording.samples[a:b].astype(np.float32)).text
            times.append(time.perf_counter() - t0)
            if len(loops) > before:
                t0 = time.perf_counter()  # what the recogniser did before session 21, side by side
                old = recognizer._transcribe_full(recording.samples[a:b].astype(np.float32))[0]
                print(f"{case.id} ({case.voice}): said {case.texts}\n  looped {loops[-1]!r}\n  "
                      f"redecoded {text!r} in {times[-1]:.2f} s (whole transcribe)\n  "
                      f"30 s path {old!r} in {time.perf_counter() - t0:.2f} s")
    print(f"{len(times)} decodes, {len(loops)} looped; median {np.median(times):.3f} s, "
          f"p95 {np.percentile(times, 95):.3f} s")


if __name__ == "__main__":
    main()
