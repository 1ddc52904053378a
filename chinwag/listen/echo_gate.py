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

from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE_HZ
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
    hangover_ms: float = 300.0  # a VAD keeps saying "speech" this long after echo fades
    spectral: bool = True  # also look for near-end energy in the mic spectrum (see SpectralDetector)
    spectral_margin_db: float = 0.0  # unexplained mic energy above this (vs. expected echo) is the user

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
    spectral_near_end_db: float = -120.0  # mic energy the delayed reference cannot explain (dB re echo)
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
    candidate_delay_hops: int | None = None  # a new delay must be seen several times to be adopted
    candidate_votes: int = 0
    gain_db: float = 0.0  # worst case until estimated: echo as loud as the agent
    coupling_db: float = 0.0  # residual coupling (AEC output / reference energy), upper envelope
    erle_db: float = 0.0
    noise_db: float | None = None
    hold_energy: float = 0.0  # reverberation-like hold of the expected echo (reference domain)
    frames_since_audible: int = 1_000_000
    frames_since_double_talk: int = 1_000_000

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.agent_env = np.full(self.hops, _TINY)
        self.mic_env = np.full(self.hops, _TINY)
        self.frames_seen = 0
        self.delay_hops = None
        self.candidate_delay_hops = None
        self.candidate_votes = 0
        self.gain_db = 0.0
        self.coupling_db = 0.0
        self.erle_db = 0.0
        self.noise_db = None
        self.hold_energy = 0.0
        self.frames_since_audible = 1_000_000
        self.frames_since_double_talk = 1_000_000


class EchoGate:
    """Reference-aware echo gate for one user stream (pair it with one ``WebRtcEchoCanceller``)."""

    def __init__(self, config: EchoGateConfig | None = None) -> None:
        self.config = config or EchoGateConfig()
        cfg = self.config
        self._max_lag = round(cfg.max_delay_ms / HOP_MS)
        self._window = round(cfg.correlation_window_ms / HOP_MS)
        self._tolerance = round(cfg.delay_tolerance_ms / HOP_MS)
        self._decay = 10.0 ** (-cfg.reverb_decay_db_per_100ms * HOP_MS / 100.0 / 10.0)
        self._hangover_frames = round(cfg.hangover_ms / FRAME_MS)
        self.state = EchoGateState(hops=self._window + self._max_lag + HOPS_PER_FRAME)
        self.spectral = (
            SpectralDetector(cfg.max_delay_ms, cfg.reverb_decay_db_per_100ms) if cfg.spectral else None
        )

    def reset(self) -> None:
        self.state.reset()
        if self.spectral:
            self.spectral.reset()

    def step(self, mic: np.ndarray, agent: np.ndarray, cleaned: np.ndarray) -> GateDecision:
        """Judge one 20 ms frame: ``mic`` before AEC, ``agent`` played at this tick, ``cleaned`` after AEC."""
        cfg = self.config
        mic_hops = _hop_energies(mic, "mic")
        agent_hops = _hop_energies(agent, "agent")
        out_energy = float(np.mean(_hop_energies(cleaned, "cleaned")))
        st = self.state
        st.agent_env = np.roll(st.agent_env, -HOPS_PER_FRAME)
        st.agent_env[-HOPS_PER_FRAME:] = agent_hops
        st.mic_env = np.roll(st.mic_env, -HOPS_PER_FRAME)
        st.mic_env[-HOPS_PER_FRAME:] = mic_hops
        st.frames_seen += 1
        quiet_window = st.frames_since_double_talk * HOPS_PER_FRAME > self._window
        if st.frames_seen % cfg.reestimate_every_frames == 0 and quiet_window:
            self._estimate_path()  # a user talking in the window would bias delay and gain

        reference = self._expected_reference_energy()
        out_db = _db(out_energy)
        self._track_noise(out_db)
        noise_db = st.noise_db if st.noise_db is not None else out_db
        echo_db = _db(reference) + st.gain_db
        expected_db = _db(10.0 ** ((_db(reference) + st.coupling_db) / 10.0) + 10.0 ** (noise_db / 10.0))
        near_end_db = out_db - expected_db
        if echo_db > noise_db + cfg.audible_above_noise_db:
            st.frames_since_audible = 0
        else:
            st.frames_since_audible += 1
        recently_audible = st.frames_since_audible <= self._hangover_frames
        delay_samples = None if st.delay_hops is None else st.delay_hops * HOP_SAMPLES
        spectral_db = self.spectral.step(mic, agent, delay_samples) if self.spectral else -120.0
        echo_likely = (
            recently_audible and near_end_db < cfg.margin_db and spectral_db < cfg.spectral_margin_db
        )
        double_talk = recently_audible and not echo_likely
        st.frames_since_double_talk = 0 if double_talk else st.frames_since_double_talk + 1
        if echo_likely and echo_db > noise_db + 10.0:  # echo well above noise: a clean lesson
            self._learn_coupling(out_db - _db(reference), mic_hops, out_db)
            if self.spectral:
                self.spectral.learn()
        delay_ms = float("nan") if st.delay_hops is None else st.delay_hops * HOP_MS
        return GateDecision(
            echo_likely, st.erle_db, delay_ms, near_end_db, spectral_db, echo_db, st.gain_db
        )

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

    def _learn_coupling(self, observed_db: float, mic_hops: np.ndarray, out_db: float) -> None:
        """Update the residual coupling and ERLE from a frame judged to be echo only."""
        st = self.state
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
        recent = agent_db[-self._window - self._max_lag :]
        lagged = np.lib.stride_tricks.sliding_window_view(recent, self._window)
        corr = _pearson_rows(lagged, mic_win)
        best_row = int(np.argmax(corr))
        if corr[best_row] < cfg.min_correlation:
            return
        lag = self._max_lag - best_row
        if st.delay_hops is None or abs(lag - st.delay_hops) <= self._tolerance:
            self._adopt_delay(lag)
        elif st.candidate_delay_hops is not None and abs(lag - st.candidate_delay_hops) <= 1:
            st.candidate_votes += 1
            if st.candidate_votes < 3:
                return
            self._adopt_delay(lag)
        else:
            st.candidate_delay_hops, st.candidate_votes = lag, 1
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
        st.candidate_delay_hops, st.candidate_votes = None, 0


FFT_SAMPLES = 640  # 40 ms analysis window (25 Hz bins: voices' harmonics stay apart), hop = one frame
SPEECH_BINS = slice(4, 161)  # 100 Hz .. 4 kHz, where both voices carry their energy
OVERESTIMATE = 4.0  # expected echo is scaled up 6 dB before anything counts as unexplained
MIN_LESSONS = 60  # echo-only frames (3 smoothing time constants) before the per-bin path is trusted


@dataclass
class SpectralState:
    agent_raw: np.ndarray  # recent agent samples, enough to reach back max_delay + one window
    mic_raw: np.ndarray = field(default_factory=lambda: np.zeros(FFT_SAMPLES))
    path_num: np.ndarray = field(default_factory=lambda: np.zeros(FFT_SAMPLES // 2 + 1))
    path_den: np.ndarray = field(default_factory=lambda: np.zeros(FFT_SAMPLES // 2 + 1))
    lessons: int = 0
    noise: np.ndarray | None = None
    smoothed: np.ndarray | None = None
    hold: np.ndarray = field(default_factory=lambda: np.zeros(FFT_SAMPLES // 2 + 1))
    last_mic: np.ndarray | None = None
    last_ref: np.ndarray | None = None


class SpectralDetector:
    """Double talk seen before AEC: mic energy in bins where the delayed agent spectrum has none.

    AEC3's suppressor sometimes mutes the user's first syllables while the agent talks, so the AEC
    output alone can hide a barge-in. Two different voices rarely share harmonics: the user's energy
    shows up in bins the echo path (learned per bin on echo-only frames) cannot explain.
    """

    def __init__(self, max_delay_ms: float, reverb_decay_db_per_100ms: float) -> None:
        self._max_delay = int(max_delay_ms * SAMPLE_RATE_HZ / 1000)
        self._window = np.hanning(FFT_SAMPLES + 1)[:FFT_SAMPLES]
        self._decay = 10.0 ** (-reverb_decay_db_per_100ms * FRAME_MS / 100.0 / 10.0)
        self.reset()

    def reset(self) -> None:
        self.state = SpectralState(agent_raw=np.zeros(self._max_delay + FFT_SAMPLES + 2 * HOP_SAMPLES))

    def _power(self, x: np.ndarray) -> np.ndarray:
        return np.abs(np.fft.rfft(self._window * x)) ** 2

    def step(self, mic: np.ndarray, agent: np.ndarray, delay_samples: int | None) -> float:
        """Unexplained mic energy relative to expected echo + noise, dB (-120 until trained)."""
        st = self.state
        st.agent_raw = np.concatenate([st.agent_raw[FRAME_SAMPLES:], agent])
        st.mic_raw = np.concatenate([st.mic_raw[FRAME_SAMPLES:], mic])
        y = self._power(st.mic_raw)
        # Minimum statistics on a smoothed periodogram (a raw one's minimum sits far below the mean).
        st.smoothed = y.copy() if st.smoothed is None else 0.6 * st.smoothed + 0.4 * y
        flat = np.convolve(st.smoothed, np.ones(5) / 5.0, "same")
        st.noise = flat if st.noise is None else np.minimum(st.noise * 1.01, np.maximum(flat, _TINY))
        st.last_mic, st.last_ref = y, None
        if delay_samples is None:
            return -120.0
        end = len(st.agent_raw)
        refs = []
        for d in (delay_samples - HOP_SAMPLES, delay_samples, delay_samples + HOP_SAMPLES):
            d = min(max(d, 0), self._max_delay + HOP_SAMPLES)
            refs.append(self._power(st.agent_raw[end - d - FFT_SAMPLES : end - d]))
        ref = np.max(refs, axis=0)
        st.last_ref = ref
        if st.lessons < MIN_LESSONS:
            return -120.0
        kernel = np.ones(3)
        path = np.convolve(st.path_num, kernel, "same") / (np.convolve(st.path_den, kernel, "same") + _TINY)
        st.hold = np.maximum(path * ref, st.hold * self._decay)
        band = SPEECH_BINS
        excess = np.maximum(y[band] - OVERESTIMATE * st.hold[band] - 3.0 * st.noise[band], 0.0).sum()
        return _db(float(excess)) - _db(float((st.hold[band] + st.noise[band]).sum()))

    def learn(self) -> None:
        """The gate judged the last frame echo only: refine the per-bin echo path from it."""
        st = self.state
        if st.last_ref is None or st.last_mic is None:
            return
        st.path_num += 0.05 * (st.last_mic - st.path_num)
        st.path_den += 0.05 * (st.last_ref - st.path_den)
        st.lessons += 1


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
