"""Turns a per-frame speech probability into speech start/stop decisions.

Two thresholds (hysteresis) keep a wavering probability from flickering the state: speech starts
only after the probability stayed at or above ``start_threshold`` for ``min_speech_ms`` (a click or a
cough is shorter), and stops only after it stayed below ``stop_threshold`` for ``min_silence_ms``
(the pauses inside a sentence are shorter). Frames in between the thresholds keep the current state.
Pure logic on numbers: no audio, no model, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from chinwag.audio.frames import FRAME_MS, SAMPLE_RATE_HZ
from chinwag.errors import ConfigError


@dataclass(frozen=True)
class SegmenterConfig:
    start_threshold: float = 0.5
    stop_threshold: float = 0.35
    min_speech_ms: float = 60.0
    min_silence_ms: float = 300.0
    frame_ms: float = FRAME_MS

    def __post_init__(self) -> None:
        if not 0.0 <= self.stop_threshold <= self.start_threshold <= 1.0:
            raise ConfigError(
                "segmenter thresholds must satisfy 0 <= stop_threshold <= start_threshold <= 1; got "
                f"stop={self.stop_threshold}, start={self.start_threshold}"
            )
        if self.frame_ms <= 0 or self.min_speech_ms < 0 or self.min_silence_ms < 0:
            raise ConfigError("segmenter durations must be >= 0 and frame_ms > 0")


@dataclass(frozen=True, slots=True)
class SegmentUpdate:
    """What one frame changed."""

    frame_index: int
    started: bool  # speech began (confirmed) on this frame
    stopped: bool  # speech ended (confirmed) on this frame
    in_speech: bool  # state after this frame
    silence_ms: float  # how long the probability has been below stop_threshold, up to this frame


@dataclass
class SegmenterState:
    next_frame: int = 0
    in_speech: bool = False
    candidate_start: int | None = None  # first frame of the current above-start run
    above_start_ms: float = 0.0
    silence_ms: float = 0.0
    speech_start_frame: int | None = None  # first frame of the current/last utterance
    last_speech_frame: int | None = None  # last frame at or above stop_threshold in it

    def reset(self) -> None:
        fresh = SegmenterState()
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))


class SpeechSegmenter:
    """Feed one probability per frame with ``update``; read the utterance bounds when it stops."""

    def __init__(self, config: SegmenterConfig | None = None, **overrides: float) -> None:
        base = config or SegmenterConfig()
        self.config = SegmenterConfig(**{**base.__dict__, **overrides}) if overrides else base
        self.state = SegmenterState()

    def reset(self) -> None:
        self.state.reset()

    @property
    def in_speech(self) -> bool:
        return self.state.in_speech

    @property
    def speech_start_frame(self) -> int | None:
        return self.state.speech_start_frame

    @property
    def last_speech_frame(self) -> int | None:
        return self.state.last_speech_frame

    def update(self, probability: float) -> SegmentUpdate:
        cfg, st = self.config, self.state
        i = st.next_frame
        st.next_frame += 1
        started = stopped = False

        st.silence_ms = st.silence_ms + cfg.frame_ms if probability < cfg.stop_threshold else 0.0

        if not st.in_speech:
            if probability >= cfg.start_threshold:
                if st.candidate_start is None:
                    st.candidate_start = i
                    st.above_start_ms = 0.0
                st.above_start_ms += cfg.frame_ms
                if st.above_start_ms >= cfg.min_speech_ms:
                    st.in_speech, started = True, True
                    st.speech_start_frame = st.candidate_start
                    st.last_speech_frame = i
                    st.candidate_start = None
            else:
                st.candidate_start = None
                st.above_start_ms = 0.0
        else:
            if probability >= cfg.stop_threshold:
                st.last_speech_frame = i
            elif st.silence_ms >= cfg.min_silence_ms:
                st.in_speech, stopped = False, True

        return SegmentUpdate(i, started, stopped, st.in_speech, st.silence_ms)

    def utterance_samples(
        self, pad_before_ms: float = 200.0, pad_after_ms: float = 200.0, first_frame: int = 0
    ) -> tuple[int, int] | None:
        """Sample range ``[start, end)`` of the current/last utterance with padding, counted from
        ``first_frame`` (the frame whose first sample is index 0 of the caller's buffer)."""
        st = self.state
        if st.speech_start_frame is None or st.last_speech_frame is None:
            return None
        samples_per_ms = SAMPLE_RATE_HZ / 1000.0
        start_ms = (st.speech_start_frame - first_frame) * self.config.frame_ms - pad_before_ms
        end_ms = (st.last_speech_frame + 1 - first_frame) * self.config.frame_ms + pad_after_ms
        return max(0, round(start_ms * samples_per_ms)), max(0, round(end_ms * samples_per_ms))
