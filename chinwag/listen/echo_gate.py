"""Is the speech in the user stream really the user, or the agent's own echo that AEC left behind?

Echo cancellation removes most of the agent's voice from the mic, but not all of it: a residual
remains while the adaptive filter converges, at the agent's onsets, and after the echo path changes.
A VAD fed that residual would report speech and the agent would barge in on itself. ``EchoGate``
looks at three signals per 20 ms frame, the agent reference, the mic before AEC and the mic after
AEC, and decides whether what is left after AEC is explained by the agent's recent output.

How it decides:

1. **Where and how loud is the echo?** Energy envelopes of the reference and the mic at 5 ms hops are
   cross-correlated (log domain, last ~2 s) to find the echo-path delay; the median level difference
   at that delay is the echo-path gain. Until a delay is found the gate assumes the worst: any lag in
   ``[0, max_delay_ms]`` and unit gain.
2. **What would residual echo look like?** The reference energy at the estimated delay, held with a
   reverberation-like decay, times a learned *residual coupling*: an upper envelope of
   AEC-output / reference energy measured on frames judged echo-only. It starts at the echo-path
   gain (as if AEC removed nothing) and falls as the canceller converges, so the gate is strict early
   and relaxes only as fast as the evidence allows.
3. **Is there more than that?** ``near_end_db`` is how far the AEC output sits above the expected
   residual plus the noise floor. A user talking over the agent (double talk) passes through AEC
   nearly untouched and lands well above the residual; echo alone stays below ``margin_db``.

The barge-in logic treats VAD speech as the user only when ``not decision.echo_likely``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.errors import AudioInputError, ConfigError

HOP_SAMPLES = 80  # 5 ms envelope hops: the delay estimate's resolution
HOPS_PER_FRAME = FRAME_SAMPLES // HOP_SAMPLES
HOP_MS = 1000.0 * HOP_SAMPLES / SAMPLE_RATE_HZ
_TINY = 1e-12  # energy floor (-120 dBFS) so logs stay finite


@dataclass(frozen=True)
class EchoGateConfig:
    max_delay_ms: float = 500.0  # longest echo path considered (playout + network + capture)
    correlation_window_ms: float = 2000.0  # envelope history used to estimate the delay
    reestimate_every_frames: int = 5  # delay/gain re-estimated every 100 ms
    min_correlation: float = 0.35  # weaker envelope correlation is not trusted as a delay estimate
    margin_db: float = 8.0  # AEC output this far above the expected residual is the user
    delay_tolerance_ms: float = 10.0  # slack around the estimated delay
    reverb_decay_db_per_100ms: float = 15.0  # how fast the expected echo fades after the agent stops
    coupling_rise: float = 0.5  # residual-coupling tracker: jump up fast (stay safe) ...
    coupling_fall: float = 0.03  # ... come down slowly as AEC proves it converged
    audible_above_noise_db: float = 3.0  # predicted echo below noise + this cannot fool a VAD

    def __post_init__(self) -> None:
        if self.max_delay_ms <= 0 or self.correlation_window_ms <= self.max_delay_ms:
            raise ConfigError(
                "echo gate needs max_delay_ms > 0 and correlation_window_ms > max_delay_ms; got "
                f"{self.max_delay_ms} and {self.correlation_window_ms}"
            )
        if not 0 < self.coupling_fall <= 1 or not 0 < self.coupling_rise <= 1:
            raise ConfigError("coupling_rise and coupling_fall are smoothing factors in (0, 1]")
        if self.reestimate_every_frames < 1:
            raise ConfigError("reestimate_every_frames must be >= 1")


@dataclass(frozen=True, slots=True)
class GateDecision:
    echo_likely: bool  # the AEC output is explained by the agent's recent output
    erle_db: float  # echo return loss enhancement AEC currently achieves (mic vs output, echo frames)
    delay_ms: float  # estimated echo-path delay; NaN until one is found
    near_end_db: float  # AEC output above expected residual echo + noise (dB); high = user speaking
    echo_db: float = -120.0  # predicted echo level at the mic (dBFS)
    gain_db: float = 0.0  # estimated echo-path gain (mic echo level relative to the agent's)

    @property
    def delay_known(self) -> bool:
        return not math.isnan(self.delay_ms)


@dataclass
class EchoGateState:
    """Per-stream state; ``reset`` between calls."""

    hops: int  # envelope history length
    agent_env: np.ndarray = field(init=False)  # linear hop energies, oldest first
    mic_env: np.ndarray = field(init=False)
    frames_seen: int = 0
    delay_hops: int | None = None
    candidate_delay_hops: int | None = None  # a new delay must be seen twice before it is adopted
    gain_db: float = 0.0  # worst case until estimated: echo as loud as the agent
    coupling_db: float = 0.0  # residual coupling (AEC output / reference energy), upper envelope
    erle_db: float = 0.0
    noise_db: float | None = None
    hold_energy: float = 0.0  # reverberation-like hold of the expected echo (reference domain)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.agent_env = np.full(self.hops, _TINY)
        self.mic_env = np.full(self.hops, _TINY)
        self.frames_seen = 0
        self.delay_hops = None
        self.candidate_delay_hops = None
        self.gain_db = 0.0
        self.coupling_db = 0.0
        self.erle_db = 0.0
        self.noise_db = None
        self.hold_energy = 0.0


class EchoGate:
    """Reference-aware echo gate for one user stream (pair it with one ``WebRtcEchoCanceller``)."""

    def __init__(self, config: EchoGateConfig | None = None) -> None:
        self.config = config or EchoGateConfig()
        cfg = self.config
        self._max_lag = int(round(cfg.max_delay_ms / HOP_MS))
        self._window = int(round(cfg.correlation_window_ms / HOP_MS))
        self._tolerance = int(round(cfg.delay_tolerance_ms / HOP_MS))
        self._decay = 10.0 ** (-cfg.reverb_decay_db_per_100ms * HOP_MS / 100.0 / 10.0)
        self.state = EchoGateState(hops=self._window + self._max_lag + HOPS_PER_FRAME)

    def reset(self) -> None:
        self.state.reset()

    def step(self, mic: np.ndarray, agent: np.ndarray, cleaned: np.ndarray) -> GateDecision:
        """Judge one 20 ms frame: ``mic`` before AEC, ``agent`` played at this tick, ``cleaned`` after AEC."""
        mic_hops = _hop_energies(mic, "mic")
        agent_hops = _hop_energies(agent, "agent")
        out_energy = float(np.mean(_hop_energies(cleaned, "cleaned")))
        st = self.state
        st.agent_env = np.roll(st.agent_env, -HOPS_PER_FRAME)
        st.agent_env[-HOPS_PER_FRAME:] = agent_hops
        st.mic_env = np.roll(st.mic_env, -HOPS_PER_FRAME)
        st.mic_env[-HOPS_PER_FRAME:] = mic_hops
        st.frames_seen += 1
        if st.frames_seen % self.config.reestimate_every_frames == 0:
            self._estimate_path()

        reference = self._expected_reference_energy()
        out_db = _db(out_energy)
        self._track_noise(out_db)
        noise_db = st.noise_db if st.noise_db is not None else out_db
        echo_db = _db(reference) + st.gain_db
        expected_db = _db(10.0 ** ((_db(reference) + st.coupling_db) / 10.0) + 10.0 ** (noise_db / 10.0))
        near_end_db = out_db - expected_db
        audible = echo_db > noise_db + self.config.audible_above_noise_db
        echo_likely = audible and near_end_db < self.config.margin_db
        if echo_likely:
            self._learn_coupling(out_db - _db(reference), echo_db, noise_db, mic_hops, out_db)
        delay_ms = float("nan") if st.delay_hops is None else st.delay_hops * HOP_MS
        return GateDecision(echo_likely, st.erle_db, delay_ms, near_end_db, echo_db, st.gain_db)

    def _expected_reference_energy(self) -> float:
        """Agent energy that could be echoing in this frame, in the reference's own scale."""
        st = self.state
        n = len(st.agent_env)
        lo, hi = (0, self._max_lag) if st.delay_hops is None else (
            max(0, st.delay_hops - self._tolerance), st.delay_hops + self._tolerance)
        frame_energy = 0.0
        for k in range(HOPS_PER_FRAME):  # hop k of this frame, oldest first
            t = n - HOPS_PER_FRAME + k
            window = st.agent_env[max(0, t - hi) : t - lo + 1]
            st.hold_energy = max(float(window.max()) if window.size else 0.0, st.hold_energy * self._decay)
            frame_energy += st.hold_energy
        return max(frame_energy / HOPS_PER_FRAME, _TINY)

    def _learn_coupling(
        self, observed_db: float, echo_db: float, noise_db: float, mic_hops: np.ndarray, out_db: float
    ) -> None:
        """Update the residual coupling and ERLE from a frame judged to be echo only."""
        st = self.state
        if echo_db < noise_db + 10.0:  # the output is mostly noise here: it says nothing about AEC
            return
        rate = self.config.coupling_rise if observed_db > st.coupling_db else self.config.coupling_fall
        st.coupling_db += rate * (observed_db - st.coupling_db)
        st.coupling_db = min(st.coupling_db, st.gain_db + 6.0)  # never assume AEC adds echo
        st.erle_db += 0.05 * ((_db(float(np.mean(mic_hops))) - out_db) - st.erle_db)

    def _track_noise(self, out_db: float) -> None:
        """Minimum tracker: falls at once, rises 3 dB per second (speech has pauses; noise does not)."""
        st = self.state
        if st.noise_db is None or out_db < st.noise_db:
            st.noise_db = out_db
        else:
            st.noise_db += 0.06

    def _estimate_path(self) -> None:
        """Echo delay from envelope cross-correlation, then gain as the median level difference."""
        st = self.state
        cfg = self.config
        agent_db = _floored_db(st.agent_env)
        mic_db = _floored_db(st.mic_env)
        mic_win = mic_db[-self._window :]
        active = agent_db[-self._window - self._max_lag :] > agent_db.max() - 30.0
        if agent_db.max() < -90.0 or active.mean() < 0.1 or mic_win.std() < 1e-6:
            return  # the agent hardly spoke recently: nothing to learn from
        # Row j of ``lagged`` is the agent envelope delayed by (max_lag - j) hops.
        lagged = np.lib.stride_tricks.sliding_window_view(agent_db[-self._window - self._max_lag :], self._window)
        corr = _pearson_rows(lagged, mic_win)
        best_row = int(np.argmax(corr))
        if corr[best_row] < cfg.min_correlation:
            return
        lag = self._max_lag - best_row
        if st.delay_hops is None or abs(lag - st.delay_hops) <= self._tolerance:
            self._adopt_delay(lag)
        elif st.candidate_delay_hops is not None and abs(lag - st.candidate_delay_hops) <= 1:
            self._adopt_delay(lag)
        else:
            st.candidate_delay_hops = lag
            return
        ref = agent_db[-self._window - lag : len(agent_db) - lag]
        loud = ref > ref.max() - 20.0
        if loud.sum() >= 10:
            st.gain_db = float(np.median(mic_win[loud] - ref[loud]))

    def _adopt_delay(self, lag: int) -> None:
        st = self.state
        moved = st.delay_hops is not None and abs(lag - st.delay_hops) > self._tolerance
        if st.delay_hops is None or moved:
            # The expected-echo pattern changes: relearn the coupling from the safe side.
            st.coupling_db = max(st.coupling_db, st.gain_db)
        st.delay_hops = lag
        st.candidate_delay_hops = None


def _hop_energies(frame: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(frame, dtype=np.float64)
    if x.shape != (FRAME_SAMPLES,):
        raise AudioInputError(
            f"the {name} frame must be {FRAME_SAMPLES} samples of 16 kHz mono (20 ms), got shape {x.shape}"
        )
    return np.mean(x.reshape(HOPS_PER_FRAME, HOP_SAMPLES) ** 2, axis=1) + _TINY


def _db(energy: float) -> float:
    return 10.0 * math.log10(max(energy, _TINY))


def _floored_db(env: np.ndarray) -> np.ndarray:
    """Log envelope floored 40 dB below its peak so digital silence does not dominate correlation."""
    db = 10.0 * np.log10(np.maximum(env, _TINY))
    return np.maximum(db, db.max() - 40.0)


def _pearson_rows(rows: np.ndarray, target: np.ndarray) -> np.ndarray:
    rows_c = rows - rows.mean(axis=1, keepdims=True)
    target_c = target - target.mean()
    denom = np.sqrt((rows_c**2).sum(axis=1) * (target_c**2).sum()) + 1e-12
    return np.asarray((rows_c @ target_c) / denom)
