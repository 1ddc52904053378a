"""Low-latency streaming resampling for live audio.

soxr's streaming mode works in blocks: at 16 kHz -> 8 kHz it holds ~100 ms and then releases it in one
burst, which a live call cannot afford (it is still the right tool for whole files). This is a
windowed-sinc resampler whose only delay is its half filter length (1-3 ms): output sample ``n``
sits at input time ``n * from_hz / to_hz`` and is produced as soon as the input ``half_taps`` beyond
that time has arrived. Weights for every sub-sample phase are computed once per rate pair.
"""

from __future__ import annotations

import math

import numpy as np

KAISER_BETA = 8.0  # ~80 dB sidelobes: plenty for speech
PASSBAND = 0.9  # keep 90% of the lower Nyquist; the rest is the transition band


def _phase_table(up: int, half: int, cutoff: float) -> np.ndarray:
    """weights[p, j] for output phase p (output n sits p / up input samples after sample
    floor(n * down / up), where p = n * down mod up) and tap offset j - half + 1."""
    offsets = np.arange(-half + 1, half + 1, dtype=np.float64)
    frac = np.arange(up, dtype=np.float64) / up
    x = offsets[None, :] - frac[:, None]  # distance of each tap from the output instant
    window = np.i0(KAISER_BETA * np.sqrt(np.clip(1.0 - (x / (half + 1)) ** 2, 0.0, 1.0))) / np.i0(KAISER_BETA)
    weights = cutoff * np.sinc(cutoff * x) * window
    weights /= weights.sum(axis=1, keepdims=True)  # exact gain at DC
    return weights.astype(np.float32)


class StreamResampler:
    """Chunk-by-chunk resampling with state carried across chunks (identity when rates match)."""

    def __init__(self, from_hz: int, to_hz: int, half_taps: int = 16) -> None:
        self.from_hz = from_hz
        self.to_hz = to_hz
        g = math.gcd(from_hz, to_hz)
        self._up, self._down = to_hz // g, from_hz // g
        ratio = min(1.0, to_hz / from_hz)
        self._half = max(half_taps, math.ceil(half_taps / ratio))  # wider when decimating
        self._table = _phase_table(self._up, self._half, PASSBAND * ratio)
        self._offsets = np.arange(-self._half + 1, self._half + 1)
        self._buf = np.zeros(self._half, dtype=np.float32)  # zeros stand in for the time before the call
        self._buf_start = -self._half  # absolute input index of _buf[0]
        self._next_out = 0  # absolute index of the next output sample
        self._flushed = False

    @property
    def delay_ms(self) -> float:
        return 0.0 if self.from_hz == self.to_hz else self._half * 1000.0 / self.from_hz

    def process(self, audio: np.ndarray, last: bool = False) -> np.ndarray:
        audio = np.asarray(audio, dtype=np.float32)
        if self.from_hz == self.to_hz:
            return audio
        if last and not self._flushed:  # let the final samples out
            audio = np.concatenate([audio, np.zeros(self._half, dtype=np.float32)])
            self._flushed = True
        self._buf = np.concatenate([self._buf, audio])
        end = self._buf_start + len(self._buf)  # absolute index one past the newest input sample
        # output n needs input up to floor(n * down / up) + half, which must be < end
        n_end = ((end - self._half) * self._up + self._down - 1) // self._down
        n = np.arange(self._next_out, max(self._next_out, n_end), dtype=np.int64)
        if n.size == 0:
            return np.zeros(0, dtype=np.float32)
        base = (n * self._down) // self._up
        phase = (n * self._down) % self._up
        idx = (base - self._buf_start)[:, None] + self._offsets[None, :]
        out: np.ndarray = np.einsum("ij,ij->i", self._buf[idx], self._table[phase]).astype(np.float32)
        self._next_out = int(n[-1]) + 1
        keep_from = (self._next_out * self._down) // self._up - self._half + 1 - self._buf_start
        if keep_from > 0:
            self._buf = self._buf[keep_from:]
            self._buf_start += keep_from
        return out
