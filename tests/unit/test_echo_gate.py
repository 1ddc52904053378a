"""EchoGate on synthetic voices with a scripted fake canceller: no livekit, no espeak, no model."""

from __future__ import annotations

import numpy as np
import pytest

from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.errors import AudioInputError, ConfigError
from chinwag.listen.echo_gate import EchoGate, EchoGateConfig

SECONDS = 6.0


def fake_voice(f0_hz: float, seed: int, seconds: float = SECONDS) -> np.ndarray:
    """Harmonic 'speech': a gliding pitch with syllable-rate bursts and pauses."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SAMPLE_RATE_HZ)
    t = np.arange(n) / SAMPLE_RATE_HZ
    f0 = f0_hz * (1 + 0.1 * np.sin(2 * np.pi * 0.7 * t + rng.uniform(0, 6)))
    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE_HZ
    tone = sum(np.sin(k * phase) / k for k in range(1, 15))
    syllables = np.clip(np.sin(2 * np.pi * 4.0 * t + rng.uniform(0, 6)), 0, None) ** 2
    pauses = (np.sin(2 * np.pi * 0.4 * t + rng.uniform(0, 6)) > -0.6).astype(float)
    return (0.1 * tone * syllables * pauses).astype(np.float32)


class FakeEchoCanceller:
    """Stands in for AEC3: removes all but a fixed fraction of the known echo."""

    def __init__(self, residual_db: float = -25.0) -> None:
        self.residual = 10 ** (residual_db / 20)

    def process(self, mic: np.ndarray, echo: np.ndarray) -> np.ndarray:
        return (mic - (1 - self.residual) * echo).astype(np.float32)


class FakeVad:
    """Energy VAD: says speech for any frame above -50 dBFS (it cannot tell echo from a user)."""

    def step(self, samples: np.ndarray) -> float:
        return float(10 * np.log10(np.mean(samples.astype(np.float64) ** 2) + 1e-12) > -50.0)


def scenario(delay_ms: float, gain: float, user_onset_s: float | None, seed: int = 0):
    agent = fake_voice(110.0, seed)
    d = int(delay_ms * SAMPLE_RATE_HZ / 1000)
    echo = np.zeros_like(agent)
    echo[d:] = gain * agent[: len(agent) - d]
    rng = np.random.default_rng(seed + 1)
    noise = (0.0005 * rng.standard_normal(len(agent))).astype(np.float32)
    user = np.zeros_like(agent)
    if user_onset_s is not None:
        start = int(user_onset_s * SAMPLE_RATE_HZ)
        voice = 0.6 * fake_voice(230.0, seed + 7, SECONDS - user_onset_s)
        voice[: int(0.02 * SAMPLE_RATE_HZ)] = 0.0
        user[start : start + len(voice)] = voice[: len(agent) - start]
    return agent, echo, noise, user


def run(agent, echo, noise, user, gate: EchoGate | None = None):
    gate = gate or EchoGate()
    aec, vad = FakeEchoCanceller(), FakeVad()
    mic = echo + noise + user
    decisions, speech = [], []
    for i in range(len(agent) // FRAME_SAMPLES):
        sl = slice(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES)
        cleaned = aec.process(mic[sl], echo[sl])
        decisions.append(gate.step(mic[sl], agent[sl], cleaned))
        speech.append(vad.step(mic[sl]) >= 0.5)
    return decisions, np.array(speech)


def frame_db(x: np.ndarray) -> np.ndarray:
    frames = x[: len(x) // FRAME_SAMPLES * FRAME_SAMPLES].reshape(-1, FRAME_SAMPLES)
    return 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-12)


@pytest.mark.parametrize(("delay_ms", "gain"), [(60, 0.7), (180, 0.3), (240, 0.5)])
def test_delay_is_estimated_from_the_envelopes(delay_ms: float, gain: float) -> None:
    decisions, _ = run(*scenario(delay_ms, gain, None))
    assert decisions[-1].delay_known
    assert abs(decisions[-1].delay_ms - delay_ms) <= 10.0
    assert abs(decisions[-1].gain_db - 20 * np.log10(gain)) <= 3.0


@pytest.mark.parametrize(("delay_ms", "gain"), [(60, 0.7), (180, 0.3), (240, 0.5)])
def test_echo_alone_never_reads_as_the_user(delay_ms: float, gain: float) -> None:
    decisions, speech = run(*scenario(delay_ms, gain, None))
    user_not_echo = speech & ~np.array([d.echo_likely for d in decisions])
    assert speech.sum() > 50  # the naive VAD does hear the echo ...
    assert user_not_echo.sum() == 0  # ... and the gate explains every such frame away


@pytest.mark.parametrize(("delay_ms", "gain"), [(60, 0.7), (180, 0.3)])
def test_user_talking_over_the_echo_is_detected_quickly(delay_ms: float, gain: float) -> None:
    agent, echo, noise, user = scenario(delay_ms, gain, user_onset_s=3.0)
    decisions, speech = run(agent, echo, noise, user)
    user_not_echo = speech & ~np.array([d.echo_likely for d in decisions])
    talking = frame_db(user) > -50
    onset = int(np.flatnonzero(talking)[0])
    assert not user_not_echo[:onset].any()
    hits = np.flatnonzero(user_not_echo[onset:])
    assert hits.size and (hits[0] + 1) * FRAME_MS <= 200


def test_no_echo_is_claimed_while_the_agent_is_silent() -> None:
    silent = np.zeros(int(2 * SAMPLE_RATE_HZ), np.float32)
    user = fake_voice(230.0, 3, 2.0)
    decisions, _ = run(silent, silent, silent, user)
    assert not any(d.echo_likely for d in decisions)


def test_streaming_is_deterministic_and_reset_forgets_everything() -> None:
    data = scenario(120, 0.5, user_onset_s=3.0)
    gate = EchoGate()
    first, _ = run(*data, gate=gate)
    gate.reset()
    second, _ = run(*data, gate=gate)
    assert [repr(d) for d in first] == [repr(d) for d in second]  # repr: NaN delays compare equal


def test_bad_frames_and_bad_config_are_rejected() -> None:
    gate = EchoGate()
    ok = np.zeros(FRAME_SAMPLES, np.float32)
    with pytest.raises(AudioInputError, match="320 samples"):
        gate.step(np.zeros(160, np.float32), ok, ok)
    with pytest.raises(ConfigError):
        EchoGateConfig(max_delay_ms=600, correlation_window_ms=500)
    with pytest.raises(ConfigError):
        EchoGateConfig(coupling_fall=0.0)
