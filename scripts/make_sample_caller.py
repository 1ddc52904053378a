"""Regenerate chinwag/data/sample_caller.wav, the bundled caller of `make run` (Piper voice, pitched up)."""

from __future__ import annotations

from chinwag.audio.io import write_wav
from chinwag.bench.caller_voices import DEV_VOICES
from chinwag.bench.callers import SCENARIOS, render_scenario
from chinwag.runner import SAMPLE_CALLER

if __name__ == "__main__":
    caller = render_scenario(SCENARIOS[0], DEV_VOICES[0], seed=1)
    write_wav(SAMPLE_CALLER, caller.samples)
    print(f"wrote {SAMPLE_CALLER} ({len(caller.samples) / 16000:.1f} s); turns at {caller.turn_spans_s}")
