"""Scripted callers: a hesitation is cut from one spoken sentence, so the words before it sound
unfinished (what the pause-handling benchmark relies on)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from chinwag.bench.caller_voices import CallerVoice
from chinwag.bench.callers import speak, speak_around_pause
from chinwag.listen.prosody import analyze

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="apt-get install espeak-ng"),
]

RATE = 16_000
BEFORE, AFTER = "I'd like a table for", "four people on Friday, please."


def _final_pitch_hz(audio: np.ndarray) -> float:
    f0 = analyze(audio).f0_hz
    voiced = f0[f0 > 0]
    return float(np.median(voiced[-5:]))


@pytest.mark.parametrize("voice", [CallerVoice("us", "espeak", "en-us"), CallerVoice("gb", "espeak", "en-gb+f3")])
def test_espeak_fragment_keeps_the_pitch_of_a_sentence_that_goes_on(voice: CallerVoice) -> None:
    first, second = speak_around_pause(BEFORE, AFTER, voice)
    whole = speak(f"{BEFORE} {AFTER}", voice)
    assert 0.5 * RATE < len(first) < len(whole) and 0.8 * RATE < len(second) < len(whole)
    assert 0.8 < (len(first) + len(second)) / len(whole) < 1.15
    # said on its own, the fragment ends on a final fall; inside the sentence it does not
    assert _final_pitch_hz(first) > 1.08 * _final_pitch_hz(speak(BEFORE, voice))


def test_piper_cuts_the_sentence_at_the_word_boundary() -> None:
    voice = CallerVoice("piper", "piper", pitch_factor=1.1)
    first, second = speak_around_pause(BEFORE, AFTER, voice)
    whole = speak(f"{BEFORE} {AFTER}", voice)
    assert 0.8 < (len(first) + len(second)) / len(whole) < 1.1
    assert len(first) < 0.5 * len(whole) < len(second)
    assert np.abs(first[-40:]).max() < 0.05 * np.abs(first).max()  # faded out, no click at the cut
