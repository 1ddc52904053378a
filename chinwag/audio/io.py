"""Reading and writing audio at the edge, with the checks that keep bad input out of the core.

Anything a user brings (any sample rate, any channel count, WAV/FLAC/OGG) is converted here to the
core's 16 kHz mono float32. Problems that make the audio unusable raise ``AudioInputError`` with a
message; problems we can survive (clipping, silence, odd rates) are returned as warnings so the caller
can log them as events.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.errors import AudioInputError

log = logging.getLogger(__name__)

CLIPPED_FRACTION_WARN = 0.01
SILENT_PEAK = 1e-4


@dataclass
class LoadedAudio:
    samples: np.ndarray  # float32 mono at SAMPLE_RATE_HZ
    source_rate_hz: int
    source_channels: int
    warnings: list[str] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE_HZ


def resample(audio: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    if from_hz == to_hz:
        return audio.astype(np.float32, copy=False)
    return soxr.resample(audio.astype(np.float32, copy=False), from_hz, to_hz).astype(np.float32)


def sanitize(audio: np.ndarray, rate_hz: int, channels: int = 1) -> LoadedAudio:
    """Check, downmix and resample raw samples (frames x channels or mono)."""
    warnings: list[str] = []
    data = np.asarray(audio)
    if data.size == 0:
        raise AudioInputError("the audio is empty (0 samples); give at least a fraction of a second")
    if not np.issubdtype(data.dtype, np.number):
        raise AudioInputError(f"expected numeric audio samples, got dtype {data.dtype}")
    if np.issubdtype(data.dtype, np.integer):
        data = data.astype(np.float32) / float(np.iinfo(data.dtype).max + 1)
    data = data.astype(np.float32, copy=False)
    if data.ndim == 2:
        channels = data.shape[1]
        data = data.mean(axis=1)
    elif data.ndim != 1:
        raise AudioInputError(f"expected mono or (samples, channels) audio, got shape {data.shape}")
    bad = ~np.isfinite(data)
    if bad.all():
        raise AudioInputError("the audio contains only NaN/inf values; it is not a usable signal")
    if bad.any():
        warnings.append(f"{int(bad.sum())} NaN/inf samples replaced with silence")
        data = np.where(bad, 0.0, data).astype(np.float32)
    if not 4000 <= rate_hz <= 384_000:
        raise AudioInputError(f"sample rate {rate_hz} Hz is not a plausible audio rate (4 kHz to 384 kHz)")
    peak = float(np.abs(data).max())
    if peak > 1.0:
        warnings.append(f"samples exceed full scale (peak {peak:.2f}); clipped to [-1, 1]")
        data = np.clip(data, -1.0, 1.0)
    clipped = float(np.mean(np.abs(data) >= 0.999))
    if clipped > CLIPPED_FRACTION_WARN:
        warnings.append(f"{clipped:.1%} of samples are at full scale: the recording is clipped")
    if peak < SILENT_PEAK:
        warnings.append("the audio is silent (peak below -80 dBFS): the agent will hear nothing")
    if rate_hz != SAMPLE_RATE_HZ:
        data = resample(data, rate_hz, SAMPLE_RATE_HZ)
    for w in warnings:
        log.warning("audio input: %s", w)
    return LoadedAudio(data, rate_hz, channels, warnings)


def load_audio(path: str | Path) -> LoadedAudio:
    """Load any file libsndfile reads and bring it to 16 kHz mono float32."""
    p = Path(path)
    if not p.exists():
        raise AudioInputError(f"no such audio file: {p}")
    if p.stat().st_size == 0:
        raise AudioInputError(f"{p} is an empty file")
    try:
        data, rate = sf.read(str(p), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise AudioInputError(f"{p} is not a readable audio file (WAV, FLAC or OGG): {exc}") from exc
    return sanitize(data, int(rate))


def write_wav(path: str | Path, audio: np.ndarray, rate_hz: int = SAMPLE_RATE_HZ) -> Path:
    """Write mono (n,) or multichannel (n, ch) float audio as 16-bit PCM."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(p), np.clip(audio, -1.0, 1.0), rate_hz, subtype="PCM_16")
    return p
