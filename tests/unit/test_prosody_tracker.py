"""Prosody tracker on synthetic signals and monotone espeak speech."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pytest

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ, Stream, split_frames
from chinwag.errors import AudioInputError
from chinwag.listen.prosody import FEATURE_NAMES, ProsodyTracker, analyze


def tone(f0_hz: float | np.ndarray, seconds: float = 1.0, amp: float = 0.3) -> np.ndarray:
    n = int(seconds * SAMPLE_RATE_HZ)
    f = np.broadcast_to(np.asarray(f0_hz, dtype=np.float64), (n,))
    return (amp * np.sin(2 * np.pi * np.cumsum(f) / SAMPLE_RATE_HZ)).astype(np.float32)


def glide(start_hz: float, end_hz: float, seconds: float = 1.0) -> np.ndarray:
    n = int(seconds * SAMPLE_RATE_HZ)
    return tone(np.geomspace(start_hz, end_hz, n), seconds)


def stream(audio: np.ndarray) -> ProsodyTracker:
    tracker = ProsodyTracker()
    for frame in split_frames(audio, Stream.USER):
        tracker.step(frame.samples)
    return tracker


@pytest.mark.parametrize("f0_hz", [75.0, 110.0, 160.0, 220.0, 310.0])
def test_pure_tone_pitch_within_five_percent(f0_hz: float) -> None:
    track = analyze(tone(f0_hz))
    assert track.voiced[2:].all()
    assert np.allclose(track.f0_hz[2:], f0_hz, rtol=0.05)


def test_silence_and_noise_are_unvoiced() -> None:
    rng = np.random.default_rng(0)
    assert not analyze(np.zeros(SAMPLE_RATE_HZ, dtype=np.float32)).voiced.any()
    noise = (0.05 * rng.standard_normal(SAMPLE_RATE_HZ)).astype(np.float32)
    assert analyze(noise).voiced.mean() < 0.05


def test_falling_glide_gives_negative_slope_and_rising_positive() -> None:
    pause = np.zeros(SAMPLE_RATE_HZ // 2, dtype=np.float32)
    falling = stream(np.concatenate([glide(200, 120), pause])).features()
    rising = stream(np.concatenate([glide(120, 200), pause])).features()
    assert falling["pitch_slope_st_per_s"] < -3.0
    assert rising["pitch_slope_st_per_s"] > 3.0
    assert falling["final_pitch_st"] < 0 < rising["final_pitch_st"]
    assert falling["pause_ms"] == pytest.approx(500, abs=40)


def test_speaking_rate_counts_voiced_onsets() -> None:
    syllable, gap = tone(150, 0.12), np.zeros(int(0.13 * SAMPLE_RATE_HZ), dtype=np.float32)
    audio = np.concatenate([np.concatenate([syllable, gap]) for _ in range(12)])  # 4 per second
    assert stream(audio).features()["speaking_rate_hz"] == pytest.approx(4.0, abs=0.6)


def test_streaming_equals_batch_frame_by_frame() -> None:
    rng = np.random.default_rng(1)
    parts = [glide(180, 130, 0.4), np.zeros(3000, np.float32), tone(140, 0.3), np.zeros(9000, np.float32)]
    audio = np.concatenate(parts) + (0.002 * rng.standard_normal(sum(len(p) for p in parts))).astype(
        np.float32
    )
    batch = analyze(audio)
    tracker = ProsodyTracker()
    for frame in split_frames(audio, Stream.USER):
        out = tracker.step(frame.samples)
        assert out.voiced == batch.voiced[frame.index]
        assert out.f0_hz == pytest.approx(batch.f0_hz[frame.index], rel=1e-6)
        assert out.energy_db == pytest.approx(batch.energy_db[frame.index], abs=1e-6)
        if frame.index % 7 == 0:
            expected = batch.features_at(frame.index)
            got = tracker.features()
            assert got.keys() == set(FEATURE_NAMES)
            for name in FEATURE_NAMES:
                assert got[name] == pytest.approx(expected[name], rel=1e-6, abs=1e-6), name


def test_reset_forgets_the_previous_speaker() -> None:
    tracker = stream(glide(200, 120))
    tracker.reset()
    fresh = ProsodyTracker()
    silence = np.zeros(FRAME_SAMPLES, dtype=np.float32)
    tracker.step(silence)
    fresh.step(silence)
    assert tracker.features() == fresh.features()


def test_wrong_frame_size_is_refused_with_a_hint() -> None:
    with pytest.raises(AudioInputError, match="split_frames"):
        ProsodyTracker().step(np.zeros(100, dtype=np.float32))


def _harmonic_sum_f0(audio: np.ndarray) -> float:
    """Independent reference for steady-pitch speech: the F0 whose harmonics hold most spectral energy."""
    spec = np.abs(np.fft.rfft(audio * np.hanning(len(audio)), n=1 << 18))
    df = SAMPLE_RATE_HZ / (1 << 18)
    candidates = np.arange(60.0, 400.0, 0.25)
    scores = [spec[np.round(np.arange(1, 11) * f / df).astype(int)].sum() for f in candidates]
    return float(candidates[int(np.argmax(scores))])


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
@pytest.mark.parametrize(("voice", "pitch"), [("en-us", 30), ("en-us", 70), ("en+f3", 50)])
def test_pitch_on_monotone_espeak_speech(voice: str, pitch: int) -> None:
    import soundfile as sf
    import soxr

    ssml = '<speak><prosody range="0">I would like a table for four people please.</prosody></speak>'
    wav = subprocess.run(
        ["espeak-ng", "-m", "--stdout", "-v", voice, "-p", str(pitch), ssml], capture_output=True, check=True
    ).stdout
    audio, rate = sf.read(io.BytesIO(wav), dtype="float32")
    audio = np.asarray(soxr.resample(audio, rate, SAMPLE_RATE_HZ), dtype=np.float32)
    track = analyze(audio)
    assert track.voiced.mean() > 0.2
    reference = _harmonic_sum_f0(audio)
    assert np.median(track.f0_hz[track.voiced]) == pytest.approx(reference, rel=0.05)
    low, high = sorted((float(np.median(analyze(audio).f0_hz[track.voiced])), reference))
    assert high / low < 1.05
