from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ, Stream, split_frames
from chinwag.audio.io import load_audio, sanitize
from chinwag.errors import AudioInputError


def test_split_frames_pads_and_indexes() -> None:
    audio = np.ones(FRAME_SAMPLES * 2 + 5, dtype=np.float32)
    frames = split_frames(audio, Stream.USER, first_index=10)
    assert [f.index for f in frames] == [10, 11, 12]
    assert frames[2].samples[:5].sum() == 5 and frames[2].samples[5:].sum() == 0
    assert frames[1].start_ms == 220


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_any_rate_and_channels_become_16k_mono(tmp_path, rate: int) -> None:
    t = np.arange(rate) / rate
    stereo = np.stack([0.3 * np.sin(2 * np.pi * 440 * t), 0.1 * np.sin(2 * np.pi * 440 * t)], axis=1)
    path = tmp_path / "x.wav"
    sf.write(path, stereo, rate)
    loaded = load_audio(path)
    assert loaded.source_rate_hz == rate and loaded.source_channels == 2
    assert abs(len(loaded.samples) - SAMPLE_RATE_HZ) <= 2
    assert 0.15 < np.abs(loaded.samples).max() < 0.25  # downmixed mean of the two channels


def test_empty_and_non_audio_files_get_clear_errors(tmp_path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioInputError, match="empty"):
        load_audio(empty)
    text = tmp_path / "notes.wav"
    text.write_text("this is not audio")
    with pytest.raises(AudioInputError, match="not a readable audio file"):
        load_audio(text)
    with pytest.raises(AudioInputError, match="no such audio file"):
        load_audio(tmp_path / "missing.wav")


def test_nan_clipped_and_silent_audio_are_warned_not_fatal() -> None:
    audio = np.zeros(16000, dtype=np.float32)
    audio[100:200] = np.nan
    audio[1000:2000] = 1.5
    loaded = sanitize(audio, 16000)
    assert np.isfinite(loaded.samples).all() and np.abs(loaded.samples).max() <= 1.0
    joined = " ".join(loaded.warnings)
    assert "NaN" in joined and "clipped" in joined
    silent = sanitize(np.zeros(16000, dtype=np.float32), 16000)
    assert any("silent" in w for w in silent.warnings)
    with pytest.raises(AudioInputError):
        sanitize(np.full(100, np.nan, dtype=np.float32), 16000)
    with pytest.raises(AudioInputError, match="sample rate"):
        sanitize(np.zeros(100, dtype=np.float32), 100)


def test_int16_input_is_scaled() -> None:
    pcm = (np.ones(1600) * 16384).astype(np.int16)
    assert sanitize(pcm, 16000).samples.max() == pytest.approx(0.5)
