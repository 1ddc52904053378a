"""Tracks the user's speech on the incoming stream: VAD, segmenting, the audio of the current turn.

It runs on every user frame, inline (Silero on ONNX costs well under a millisecond per frame), and
keeps a pre-roll so the recogniser also gets the first phoneme that the VAD needed time to notice.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from chinwag.audio.frames import FRAME_MS, SAMPLE_RATE_HZ, Frame
from chinwag.listen.segmenter import SpeechSegmenter
from chinwag.listen.speech_end import acoustic_end_sample
from chinwag.listen.types import VoiceActivityDetector

PRE_ROLL_FRAMES = 15  # 300 ms
VOICE_PROBABILITY = 0.5


@dataclass
class SpeechUpdate:
    probability: float
    started: bool  # speech onset confirmed on this frame
    in_speech: bool
    silence_ms: float  # how long the user has been quiet within the current turn (0 while speaking)
    turn_active: bool  # there is unanswered user speech in the buffer
    pause_ms: float = 0.0  # the same silence measured from the acoustic end of speech (see speech_end)
    quiet_ms: float = 0.0  # the VAD's silence whether or not a turn is open (0: a voice is on now)

    @property
    def voice(self) -> bool:
        """A voice right now, confidently (not the VAD's wavering tail)."""
        return self.in_speech and self.quiet_ms == 0.0 and self.probability >= VOICE_PROBABILITY

    @property
    def quiet_for_ms(self) -> float:
        """Silence since the caller's sound stopped, for decisions that do not need an open turn."""
        return max(self.pause_ms, self.quiet_ms)


class UserSpeechTracker:
    def __init__(self, vad: VoiceActivityDetector, segmenter: SpeechSegmenter) -> None:
        self.vad = vad
        self.segmenter = segmenter
        self._pre_roll: deque[np.ndarray] = deque(maxlen=PRE_ROLL_FRAMES)
        self._turn: list[np.ndarray] = []
        self.turn_samples = 0
        self.speech_end_sample = 0  # where the last speech frame ends inside the turn audio
        self.acoustic_end_sample = 0  # where the sound of that speech really stopped (<= speech_end_sample)
        self._last_speech_frame: int | None = None
        self._turn_start_frame: int | None = None
        self._ignoring = False  # the rest of the current stretch of speech was dismissed (see take_turn)

    def step(self, frame: Frame, vad_samples: np.ndarray | None = None,
             speech_allowed: bool = True) -> SpeechUpdate:
        """``frame`` is what the recogniser will hear (echo-cancelled when AEC is on); the VAD runs on
        ``vad_samples`` (the raw microphone) when given. ``speech_allowed=False`` (the echo gate says
        it is the agent's own voice) keeps the VAD's state but counts the frame as silence."""
        prob = self.vad.step(frame.samples if vad_samples is None else vad_samples)
        seg = self.segmenter.update(prob if speech_allowed else 0.0)
        if self._ignoring and (seg.started or not seg.in_speech or seg.silence_ms == 0.0):
            self._ignoring = False  # the dismissed speech is over, or the voice is back
        if seg.started and not self._turn:
            self._turn.extend(self._pre_roll)
            self.turn_samples = sum(len(a) for a in self._pre_roll)
            self._turn_start_frame = frame.index - len(self._pre_roll)
        if self._turn or (seg.in_speech and not self._ignoring):  # (a dismissed burst's quiet tail is no turn)
            if not self._turn and self._turn_start_frame is None:
                # speech carrying on across a turn boundary (the previous turn was closed mid-speech)
                self._turn_start_frame = frame.index
            self._turn.append(frame.samples)
            self.turn_samples += len(frame.samples)
        else:
            self._pre_roll.append(frame.samples)
        if seg.silence_ms == 0.0 and self._turn:
            self._last_speech_frame = frame.index
            self.speech_end_sample = self.acoustic_end_sample = self.turn_samples
        turn_active = bool(self._turn)
        silence_ms = seg.silence_ms if turn_active else 0.0
        if turn_active and 0.0 < silence_ms <= FRAME_MS:  # first quiet frame: find the true end once
            self.acoustic_end_sample = acoustic_end_sample(self.turn_audio(), self.speech_end_sample)
        pause_ms = silence_ms + self.end_lag_ms if silence_ms > 0.0 else 0.0
        return SpeechUpdate(prob, seg.started, seg.in_speech, silence_ms, turn_active, pause_ms, seg.silence_ms)

    @property
    def end_lag_ms(self) -> float:
        """How far the VAD's end of speech trails the acoustic end."""
        return (self.speech_end_sample - self.acoustic_end_sample) * 1000.0 / SAMPLE_RATE_HZ

    @property
    def last_speech_end_ms(self) -> float | None:
        if self._last_speech_frame is None:
            return None
        return float((self._last_speech_frame + 1) * FRAME_MS)

    @property
    def acoustic_end_ms(self) -> float | None:
        """Conversation time at which the turn's last speech really stopped (the VAD's end is later)."""
        if self._last_speech_frame is None or self._turn_start_frame is None:
            return None
        return self._turn_start_frame * FRAME_MS + self.acoustic_end_sample * 1000.0 / SAMPLE_RATE_HZ

    @property
    def turn_start_ms(self) -> float | None:
        return None if self._turn_start_frame is None else float(self._turn_start_frame * FRAME_MS)

    def turn_audio(self) -> np.ndarray:
        """The current turn's audio up to the last speech frame plus a little tail."""
        if not self._turn:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(self._turn)

    def take_turn(self, dismiss_rest: bool = False) -> np.ndarray:
        """Hand the turn's audio over and start listening for the next one. ``dismiss_rest``: the
        speech was not a turn (a backchannel, a cough) and neither is whatever is left of it."""
        audio = self.turn_audio()
        self._ignoring = dismiss_rest
        self._turn = []
        self.turn_samples = 0
        self.speech_end_sample = self.acoustic_end_sample = 0
        self._turn_start_frame = None
        self._last_speech_frame = None
        return audio

    def reset(self) -> None:
        self.vad.reset()
        self.segmenter.reset()
        self._pre_roll.clear()
        self._turn = []
        self.turn_samples = 0
        self.speech_end_sample = self.acoustic_end_sample = 0
        self._last_speech_frame = None
        self._turn_start_frame = None
