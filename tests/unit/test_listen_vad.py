"""Silero VAD on onnxruntime: streaming equivalence and sane probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from chinwag.audio.frames import FRAME_SAMPLES
from chinwag.errors import AudioInputError
from chinwag.listen.vad import CONTEXT_SAMPLES, WINDOW_SAMPLES, SileroVad, probabilities
from chinwag.registry import create
from tests import speech_fixtures as fx


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    return fx.pad(fx.piper("Hello, I would like to book a table for two people tonight."), 0.6, 0.6)


def test_frame_by_frame_equals_whole_signal_in_windows(speech: np.ndarray) -> None:
    whole = probabilities(speech)
    streamed = SileroVad()
    per_window: list[float] = []
    for i in range(0, len(speech), FRAME_SAMPLES):
        per_window.extend(streamed.step_windows(speech[i : i + FRAME_SAMPLES]))
    assert len(per_window) == len(whole) == len(speech) // WINDOW_SAMPLES
    np.testing.assert_allclose(per_window, whole, rtol=0, atol=1e-6)


def test_step_returns_latest_window_probability_with_odd_chunk_sizes(speech: np.ndarray) -> None:
    reference = probabilities(speech)
    vad = SileroVad()
    rng = np.random.default_rng(1)
    fed = 0
    while fed < len(speech):
        n = int(rng.integers(1, 1500))
        p = vad.step(speech[fed : fed + n])
        fed += n
        done = min(fed, len(speech)) // WINDOW_SAMPLES
        if done:
            assert p == pytest.approx(float(reference[done - 1]), abs=1e-6)
        else:
            assert p == 0.0


def test_high_on_speech_low_on_silence_and_noise(speech: np.ndarray) -> None:
    vad = SileroVad()
    p_speech = probabilities(speech, vad)
    assert p_speech.max() > 0.9
    assert np.mean(p_speech > 0.5) > 0.4  # most of the sentence (1.2 s of the signal is silence)
    assert probabilities(np.zeros(32_000, dtype=np.float32), vad).max() < 0.2
    assert probabilities(fx.white_noise(2.0, rms=0.05, seed=2), vad).max() < 0.3
    hum = (0.1 * np.sin(2 * np.pi * 50 * np.arange(32_000) / 16_000)).astype(np.float32)
    assert probabilities(hum, vad).max() < 0.3


def test_leading_and_trailing_silence_are_not_speech(speech: np.ndarray) -> None:
    p = probabilities(speech)
    lead = int(0.5 * 16_000) // WINDOW_SAMPLES
    assert p[:lead].max() < 0.3
    assert p[-lead // 2 :].max() < 0.5  # the model decays over ~100 ms after speech ends


@pytest.mark.skipif(not fx.espeak_available(), reason="espeak-ng not installed (apt-get install espeak-ng)")
def test_detects_robotic_espeak_voices_too() -> None:
    vad = SileroVad()
    for voice in fx.ESPEAK_VOICES[:3]:
        p = probabilities(fx.espeak("Can I change my reservation to Friday?", voice.voice, voice.rate_wpm,
                                    voice.pitch), vad)
        assert p.max() > 0.8, voice.label


def test_reset_restarts_the_stream(speech: np.ndarray) -> None:
    vad = SileroVad()
    first = vad.step(speech[: 4 * WINDOW_SAMPLES + 100])
    assert vad.state.windows_seen == 4 and len(vad.state.pending) == 100
    vad.reset()
    assert vad.state.windows_seen == 0 and len(vad.state.pending) == 0
    assert not vad.state.context.any() and vad.state.context.shape == (CONTEXT_SAMPLES,)
    assert vad.step(speech[: 4 * WINDOW_SAMPLES + 100]) == pytest.approx(first, abs=1e-6)


def test_streams_do_not_share_state(speech: np.ndarray) -> None:
    a, b = SileroVad(), SileroVad()
    a.step(speech[: 40 * WINDOW_SAMPLES])
    assert b.state.windows_seen == 0
    assert b.step(np.zeros(WINDOW_SAMPLES, dtype=np.float32)) < 0.2


def test_registry_creates_it_and_other_rates_are_refused() -> None:
    vad = create("vad", "silero")
    assert isinstance(vad, SileroVad)
    with pytest.raises(AudioInputError, match="16000"):
        SileroVad(sample_rate_hz=8000)
