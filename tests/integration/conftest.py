"""Shared by the integration tests."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def same_caller_audio_every_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Piper samples noise inside its model, so a Piper caller says each sentence a little
    differently on every run; with the noise off the caller's audio is the same each time, and a
    failure here can be replayed. (The agent's own voice keeps its noise.)"""
    from chinwag.bench import callers
    from chinwag.speak.types import SpeechStyle

    def piper_without_noise(text: str, voice: callers.CallerVoice) -> np.ndarray:
        style = SpeechStyle(rate=voice.rate / voice.pitch_factor, expressiveness=0.0)
        return callers._piper_pitch(callers._piper_synth().synthesize(text, style), voice)

    monkeypatch.setattr(callers, "_piper", piper_without_noise)
