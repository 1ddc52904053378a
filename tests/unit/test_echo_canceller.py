"""WebRtcEchoCanceller mechanics on white-noise echo (the native APM is fast; no speech model)."""

from __future__ import annotations

import numpy as np
import pytest

from chinwag import registry
from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.errors import AudioInputError

pytest.importorskip("livekit.rtc")

from chinwag.listen.echo import WebRtcEchoCanceller


def noise_echo(seconds: float = 4.0, delay_ms: float = 80, gain: float = 0.5):
    rng = np.random.default_rng(0)
    n = int(seconds * SAMPLE_RATE_HZ) // FRAME_SAMPLES * FRAME_SAMPLES
    agent = (0.05 * rng.standard_normal(n)).astype(np.float32)
    d = int(delay_ms * SAMPLE_RATE_HZ / 1000)
    mic = np.zeros(n, np.float32)
    mic[d:] = gain * agent[: n - d]
    return agent, mic


def db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(x.astype(np.float64) ** 2) + 1e-12))


def test_registry_builds_the_canceller() -> None:
    aec = registry.create("aec", "webrtc")
    assert isinstance(aec, WebRtcEchoCanceller)


def test_echo_of_the_agent_is_removed() -> None:
    agent, mic = noise_echo()
    out = WebRtcEchoCanceller().process_signal(mic, agent)
    assert out.dtype == np.float32 and out.shape == mic.shape
    late = slice(len(mic) // 2, None)  # after the adaptive filter converged
    assert db(mic[late]) - db(out[late]) > 15.0


def test_streaming_equals_whole_signal_and_reset_restarts() -> None:
    agent, mic = noise_echo(seconds=1.0)
    aec = WebRtcEchoCanceller()
    whole = aec.process_signal(mic, agent)
    aec.reset()
    frames = [
        aec.process(mic[i : i + FRAME_SAMPLES], agent[i : i + FRAME_SAMPLES])
        for i in range(0, len(mic), FRAME_SAMPLES)
    ]
    np.testing.assert_array_equal(np.concatenate(frames), whole)
    aec.set_stream_delay_ms(80)


def test_bad_frames_are_rejected_with_a_hint() -> None:
    aec = WebRtcEchoCanceller()
    ok = np.zeros(FRAME_SAMPLES, np.float32)
    with pytest.raises(AudioInputError, match="split_frames"):
        aec.process(np.zeros(160, np.float32), ok)
    with pytest.raises(AudioInputError, match="NaN"):
        aec.process(ok, np.full(FRAME_SAMPLES, np.nan, np.float32))
    with pytest.raises(AudioInputError):
        aec.set_stream_delay_ms(-1)
