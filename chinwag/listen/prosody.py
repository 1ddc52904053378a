"""Streaming prosody: energy, pitch and timing cues that tell a finished clause from a paused one.

Why: silence alone cannot tell "for four people." (done) from "for ... um" (still thinking). Speakers
mark clause ends with falling pitch, a drop in energy, a lengthened last syllable, and slow down before
them. ``ProsodyTracker`` measures those per 20 ms frame with numpy only (energy + a YIN pitch estimate on
a 40 ms window) and summarises the *last stretch of voiced speech*, so the summary stays valid however
long the current pause gets.

``analyze`` is the batch twin of the tracker (whole signal at once, vectorised); tests check that both
agree frame by frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.errors import AudioInputError

WINDOW_SAMPLES = 2 * FRAME_SAMPLES  # 40 ms: the previous frame plus the current one
_INTEGRATION = FRAME_SAMPLES  # YIN integration window (20 ms)
_N_FFT = 1024  # >= WINDOW_SAMPLES + max lag, so the circular correlation never wraps
MIN_F0_HZ = 60.0
MAX_F0_HZ = 400.0
_MIN_LAG = int(SAMPLE_RATE_HZ / MAX_F0_HZ)
_MAX_LAG = int(np.ceil(SAMPLE_RATE_HZ / MIN_F0_HZ))
YIN_THRESHOLD = 0.2
VOICED_FLOOR_DB = -50.0  # quieter frames are never called voiced (noise, breath)

SLOPE_WINDOW_FRAMES = 15  # ~300 ms of the last voiced speech
RATE_WINDOW_FRAMES = 100  # 2 s for the speaking-rate proxy
MIN_ONSET_RUN = 2  # a voiced run counts as a syllable onset once it lasts 40 ms (onset flicker is not one)
_VOICED_HISTORY = 256  # ~5 s of voiced frames for the speaker's running median
_ONSET_HISTORY = 64
_SEMITONE_REF_HZ = 100.0

FEATURE_NAMES: tuple[str, ...] = (
    "pitch_slope_st_per_s",
    "final_pitch_st",
    "energy_drop_db",
    "speaking_rate_hz",
    "final_run_ms",
    "pause_ms",
)


@dataclass(frozen=True, slots=True)
class ProsodyFrame:
    index: int
    energy_db: float
    f0_hz: float  # 0.0 when unvoiced
    voiced: bool
    periodicity: float  # 1 - YIN minimum: near 1 for clean voicing


def frame_energy_db(samples: np.ndarray) -> np.ndarray:
    """Mean-square energy in dBFS over the last axis."""
    return 10.0 * np.log10(np.mean(np.square(samples, dtype=np.float64), axis=-1) + 1e-10)


def _cmndf(windows: np.ndarray) -> np.ndarray:
    """YIN cumulative-mean-normalised difference for each row of ``windows`` (n, WINDOW_SAMPLES)."""
    x = windows.astype(np.float64, copy=False)
    head = np.zeros((x.shape[0], _N_FFT))
    head[:, :_INTEGRATION] = x[:, :_INTEGRATION]
    spec = np.conj(np.fft.rfft(head, axis=1)) * np.fft.rfft(x, n=_N_FFT, axis=1)
    corr = np.fft.irfft(spec, n=_N_FFT, axis=1)[:, : _MAX_LAG + 1]
    cum = np.concatenate([np.zeros((x.shape[0], 1)), np.cumsum(x * x, axis=1)], axis=1)
    lags = np.arange(_MAX_LAG + 1)
    energy_shifted = cum[:, lags + _INTEGRATION] - cum[:, lags]
    diff = np.maximum(energy_shifted[:, :1] + energy_shifted - 2.0 * corr, 0.0)
    running = np.cumsum(diff[:, 1:], axis=1)
    out = np.ones_like(diff)
    out[:, 1:] = diff[:, 1:] * lags[1:] / np.maximum(running, 1e-12)
    return out


def _pick_pitch(cmndf: np.ndarray) -> tuple[float, float]:
    """(f0_hz, YIN minimum) for one row; f0 is 0.0 when no lag dips under the threshold."""
    search = cmndf[_MIN_LAG : _MAX_LAG + 1]
    below = np.flatnonzero(search < YIN_THRESHOLD)
    if below.size == 0:
        return 0.0, float(search.min())
    lag = int(below[0]) + _MIN_LAG
    while lag < _MAX_LAG and cmndf[lag + 1] < cmndf[lag]:
        lag += 1
    refined = float(lag)
    if _MIN_LAG < lag < _MAX_LAG:
        a, b, c = cmndf[lag - 1], cmndf[lag], cmndf[lag + 1]
        denom = a - 2.0 * b + c
        if denom > 1e-12:
            refined = lag + 0.5 * (a - c) / denom
    return SAMPLE_RATE_HZ / refined, float(cmndf[lag])


def _semitones(f0_hz: float | np.ndarray) -> float | np.ndarray:
    return 12.0 * np.log2(np.asarray(f0_hz) / _SEMITONE_REF_HZ)


def summarize(
    voiced_idx: np.ndarray,
    voiced_st: np.ndarray,
    voiced_db: np.ndarray,
    onset_idx: np.ndarray,
    final_run_frames: int,
    current_idx: int,
) -> dict[str, float]:
    """Turn the voiced-frame history into the features the end-of-turn model reads.

    Shared by the streaming tracker and the batch path so they cannot drift apart in *meaning*; the
    histories they pass in are built independently.
    """
    feats = dict.fromkeys(FEATURE_NAMES, 0.0)
    if voiced_idx.size == 0:
        feats["pause_ms"] = float((current_idx + 1) * FRAME_MS)
        return feats
    last = int(voiced_idx[-1])
    recent = voiced_idx > last - SLOPE_WINDOW_FRAMES
    median_st = float(np.median(voiced_st))
    st = voiced_st[recent]
    t_s = voiced_idx[recent] * (FRAME_MS / 1000.0)
    keep = np.abs(st - np.median(st)) < 6.0  # drop octave errors before fitting
    if keep.sum() >= 4:
        t, y = t_s[keep], st[keep]
        tc = t - t.mean()
        denom = float(np.dot(tc, tc))
        slope = float(np.dot(tc, y - y.mean()) / denom) if denom > 0 else 0.0
        feats["pitch_slope_st_per_s"] = float(np.clip(slope, -60.0, 60.0))
        feats["final_pitch_st"] = float(np.mean(y) - median_st)
    feats["energy_drop_db"] = float(np.mean(voiced_db[recent]) - np.median(voiced_db))
    in_rate = onset_idx > last - RATE_WINDOW_FRAMES
    feats["speaking_rate_hz"] = float(np.count_nonzero(in_rate) * 1000.0 / (RATE_WINDOW_FRAMES * FRAME_MS))
    feats["final_run_ms"] = float(final_run_frames * FRAME_MS)
    feats["pause_ms"] = float((current_idx - last) * FRAME_MS)
    return feats


class _Ring:
    """Fixed-capacity float ring buffer: no allocation per push."""

    def __init__(self, capacity: int) -> None:
        self._buf = np.zeros(capacity)
        self._n = 0

    def push(self, value: float) -> None:
        self._buf[self._n % self._buf.size] = value
        self._n += 1

    def values(self) -> np.ndarray:
        """Oldest first (a copy: callers may keep it)."""
        cap = self._buf.size
        if self._n <= cap:
            return self._buf[: self._n].copy()
        start = self._n % cap
        return np.concatenate([self._buf[start:], self._buf[:start]])

    def clear(self) -> None:
        self._n = 0


@dataclass
class ProsodyState:
    """Per-stream state; one per user stream, ``reset`` between conversations."""

    window: np.ndarray
    voiced_idx: _Ring
    voiced_st: _Ring
    voiced_db: _Ring
    onset_idx: _Ring
    index: int = -1
    prev_voiced: bool = False
    run_frames: int = 0  # length of the current (or last finished) voiced run

    @classmethod
    def new(cls) -> ProsodyState:
        return cls(
            window=np.zeros(WINDOW_SAMPLES, dtype=np.float32),
            voiced_idx=_Ring(_VOICED_HISTORY),
            voiced_st=_Ring(_VOICED_HISTORY),
            voiced_db=_Ring(_VOICED_HISTORY),
            onset_idx=_Ring(_ONSET_HISTORY),
        )

    def reset(self) -> None:
        self.window[:] = 0.0
        for ring in (self.voiced_idx, self.voiced_st, self.voiced_db, self.onset_idx):
            ring.clear()
        self.index = -1
        self.prev_voiced = False
        self.run_frames = 0


class ProsodyTracker:
    """Feed one 20 ms frame at a time; ask for ``features()`` whenever the floor policy needs them."""

    def __init__(self) -> None:
        self.state = ProsodyState.new()

    def reset(self) -> None:
        self.state.reset()

    def step(self, frame_samples: np.ndarray) -> ProsodyFrame:
        if frame_samples.shape != (FRAME_SAMPLES,):
            raise AudioInputError(
                f"ProsodyTracker.step expects one frame of {FRAME_SAMPLES} samples (20 ms at 16 kHz), "
                f"got shape {frame_samples.shape}; cut audio with chinwag.audio.frames.split_frames."
            )
        s = self.state
        s.window[:FRAME_SAMPLES] = s.window[FRAME_SAMPLES:]
        s.window[FRAME_SAMPLES:] = frame_samples
        s.index += 1
        energy_db = float(frame_energy_db(frame_samples))
        f0_hz, yin_min = _pick_pitch(_cmndf(s.window[None, :])[0])
        voiced = f0_hz > 0.0 and energy_db > VOICED_FLOOR_DB
        if voiced:
            s.voiced_idx.push(s.index)
            s.voiced_st.push(float(_semitones(f0_hz)))
            s.voiced_db.push(energy_db)
            if not s.prev_voiced:
                s.run_frames = 0
            s.run_frames += 1
            if s.run_frames == MIN_ONSET_RUN:
                s.onset_idx.push(s.index - MIN_ONSET_RUN + 1)
        s.prev_voiced = voiced
        return ProsodyFrame(s.index, energy_db, f0_hz if voiced else 0.0, voiced, 1.0 - yin_min)

    def features(self) -> dict[str, float]:
        s = self.state
        return summarize(
            s.voiced_idx.values(),
            s.voiced_st.values(),
            s.voiced_db.values(),
            s.onset_idx.values(),
            s.run_frames,
            s.index,
        )


@dataclass(frozen=True)
class ProsodyTrack:
    """Whole-signal analysis: one entry per 20 ms frame."""

    energy_db: np.ndarray
    f0_hz: np.ndarray
    voiced: np.ndarray

    def features_at(self, index: int) -> dict[str, float]:
        """What a tracker fed frames ``0..index`` would report (histories capped the same way)."""
        voiced = self.voiced[: index + 1]
        idx = np.flatnonzero(voiced)
        starts = idx[~np.concatenate([[False], voiced[:-1]])[idx]] if idx.size else idx
        # a run counts once it has lasted MIN_ONSET_RUN frames within frames 0..index
        lasted = np.array([voiced[s : s + MIN_ONSET_RUN].all() for s in starts], dtype=bool)
        onsets = starts[lasted & (starts + MIN_ONSET_RUN - 1 <= index)] if starts.size else starts
        run = 0
        if idx.size:
            j = int(idx[-1])
            while j >= 0 and voiced[j]:
                run, j = run + 1, j - 1
        idx_h = idx[-_VOICED_HISTORY:]
        return summarize(
            idx_h.astype(float),
            np.asarray(_semitones(self.f0_hz[idx_h])),
            self.energy_db[idx_h],
            onsets[-_ONSET_HISTORY:].astype(float),
            run,
            index,
        )


def analyze(audio: np.ndarray) -> ProsodyTrack:
    """Batch prosody for a 16 kHz mono signal (zero-padded to whole frames)."""
    n_frames = -(-len(audio) // FRAME_SAMPLES)
    padded = np.zeros((n_frames + 1) * FRAME_SAMPLES, dtype=np.float32)
    padded[FRAME_SAMPLES : FRAME_SAMPLES + len(audio)] = audio
    frames = padded.reshape(n_frames + 1, FRAME_SAMPLES)
    windows = np.concatenate([frames[:-1], frames[1:]], axis=1)
    energy = frame_energy_db(frames[1:])
    f0 = np.zeros(n_frames)
    for i, row in enumerate(_cmndf(windows)):
        f0[i] = _pick_pitch(row)[0]
    voiced = (f0 > 0.0) & (energy > VOICED_FLOOR_DB)
    return ProsodyTrack(energy, np.where(voiced, f0, 0.0), voiced)
