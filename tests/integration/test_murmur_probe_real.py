"""The shipped murmur probe on Whisper tiny.en's real encoder, read where the agent reads it (its own
VAD onset, the first 160 ms): hums are told from interruption openers. Voices and words are none of
the probe's training data (the duplex bench's hums and openers)."""

from __future__ import annotations

import numpy as np
import pytest

from chinwag.floor.eot_audio import Synthesizer
from chinwag.floor.murmur_probe import MurmurProbe
from chinwag.floor.murmur_train import BurstEncoder

pytestmark = pytest.mark.integration

HUMS = ("Mm-hmm.", "Mhm.", "Mmm.")
OPENERS = ("Sorry, can I just ask", "Wait, that's not right", "No, hold on", "Excuse me, one thing")
VOICES = ("en-gb-x-rp+m5", "en-us+f2", "piper:joe")


def test_hums_are_told_from_interruption_openers_in_new_voices() -> None:
    encoder, probe, synth = BurstEncoder(), MurmurProbe.load(), Synthesizer()
    assert probe.encoder == encoder.name
    rng = np.random.default_rng(0)

    def logit(text: str, voice: str) -> float:
        speech = synth.speak(text, voice, 165, 50).astype(np.float32)
        audio = np.concatenate([np.zeros(32000, np.float32), speech, np.zeros(8000, np.float32)])  # onset at 2 s
        audio += rng.normal(0, 3e-3, len(audio)).astype(np.float32)
        vector = encoder.vector(audio, 2.0)
        assert vector is not None, f"{voice}: no onset found in {text!r}"
        return probe.logit(vector)

    for voice in VOICES:
        hums = [logit(text, voice) for text in HUMS]
        openers = [logit(text, voice) for text in OPENERS]
        assert min(hums) > max(openers), (voice, hums, openers)
        assert not any(probe.is_murmur(x) for x in openers), (voice, openers)  # never talk over a cut-in
        assert sum(probe.is_murmur(x) for x in hums) >= 2, (voice, hums)
