"""Voices and ears for the end-of-turn data: espeak-ng and Piper speak, the shipped Whisper listens.

Why real ASR words (``load_dataset(hearing="whisper")``): the model reads the words a recogniser
shows, and Whisper tiny does not show the true words of a fragment. It completes "Do you have a table
free on" into a question, drops the dangling "to", and hears a noisy voice as something else. Scored
on script words, a words-reading model looks far better than it is in a call. Why whole sentences
cut at the pause: see ``chinwag.speak.hesitation``.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import resample
from chinwag.errors import BackendUnavailableError
from chinwag.floor.eot_templates import PIPER_VOICE
from chinwag.listen.heard import words_before
from chinwag.speak.hesitation import espeak_ssml_with_break, piper_around_pause, split_at_break

if TYPE_CHECKING:
    from chinwag.floor.tail_probe import TailProbe
    from chinwag.listen.whisper import WhisperRecognizer
    from chinwag.speak.piper_tts import PiperSynthesizer
    from chinwag.speak.types import SpeechStyle

PIPER_WPM = 170.0  # Piper's own speaking rate, roughly, to map the plan's words per minute


class Synthesizer:
    """espeak-ng via subprocess, and the Piper voice shipped as a package (loaded on first use)."""

    def __init__(self) -> None:
        self._piper: PiperSynthesizer | None = None

    def speak(self, text: str, voice: str, rate_wpm: int, pitch: int) -> np.ndarray:
        if voice == PIPER_VOICE:
            return self._piper_synth().synthesize(text, self._piper_style(rate_wpm))
        return self._espeak(text, voice, rate_wpm, pitch)

    def speak_paused(
        self, before: str, after: str, voice: str, rate_wpm: int, pitch: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The two halves of one sentence with a hesitation between them (the pause left out)."""
        if voice == PIPER_VOICE:
            return piper_around_pause(self._piper_synth(), before, after, self._piper_style(rate_wpm))
        audio = self._espeak(espeak_ssml_with_break(before, after), voice, rate_wpm, pitch, ssml=True)
        return split_at_break(audio)

    def _espeak(self, text: str, voice: str, rate_wpm: int, pitch: int, ssml: bool = False) -> np.ndarray:
        import soundfile as sf

        markup = ["-m"] if ssml else []
        try:
            wav = subprocess.run(
                ["espeak-ng", "--stdout", *markup, "-v", voice, "-s", str(rate_wpm), "-p", str(pitch), text],
                capture_output=True,
                check=True,
                timeout=30,
            ).stdout
        except FileNotFoundError as exc:
            raise BackendUnavailableError(
                "espeak-ng is not installed; run `apt-get install espeak-ng` to generate end-of-turn data."
            ) from exc
        audio, rate = sf.read(io.BytesIO(wav), dtype="float32")
        return resample(np.asarray(audio, dtype=np.float32), int(rate), SAMPLE_RATE_HZ)

    def _piper_synth(self) -> PiperSynthesizer:
        if self._piper is None:
            from chinwag.speak.piper_tts import PiperSynthesizer

            self._piper = PiperSynthesizer()
        return self._piper

    @staticmethod
    def _piper_style(rate_wpm: int) -> SpeechStyle:
        from chinwag.speak.types import SpeechStyle

        return SpeechStyle(rate=rate_wpm / PIPER_WPM)


@dataclass(frozen=True)
class Heard:
    """What the agent reads off one decode: the words, the tail probe's logit (None when the decode
    could not be read) and the recogniser's mean word probability (None without words)."""

    words: str
    tail_logit: float | None = None
    word_probability: float | None = None
    last_word_probability: float | None = None  # of the last word before the end (``listen.heard``)


class Ears:
    """What the agent's recogniser would show for a stretch of turn audio (loaded on first use), with
    the tail probe's reading of the same decode, as the agent takes it (``agents.turn_gate``)."""

    def __init__(self, words_model: str = "tiny") -> None:
        """``words_model``: "tiny" (the shipped recogniser) or "base" (Whisper base gives the words and
        their probabilities; tiny's encoder still feeds the tail probe, which was trained on it)."""
        if words_model not in ("tiny", "base"):
            raise ValueError(f"words_model must be 'tiny' or 'base', not {words_model!r}")
        self._recognizer: WhisperRecognizer | None = None
        self._words_recognizer: WhisperRecognizer | None = None
        self._words_model = words_model
        self._probe: TailProbe | None = None

    def hear(self, audio: np.ndarray, speech_end_sample: int) -> Heard:
        """As the agent reads it: words placed after ``speech_end_sample`` (in ``audio``) are dropped."""
        from chinwag.floor.tail_probe import TailProbe
        from chinwag.listen.heard import last_word_probability, mean_probability

        if self._recognizer is None:
            from chinwag.listen.whisper import WhisperRecognizer

            self._recognizer = WhisperRecognizer.tiny_en(cpu_threads=1, keep_encoder_states=True)
            self._probe = TailProbe.load()
            if self._words_model == "base":
                self._words_recognizer = WhisperRecognizer.base(cpu_threads=1)
        samples = np.asarray(audio, dtype=np.float32)
        transcript = self._recognizer.transcribe(samples)
        heard = transcript if self._words_recognizer is None else self._words_recognizer.transcribe(samples)
        logit = None
        if transcript.encoder is not None and self._probe is not None:
            logit = self._probe.read(transcript.encoder, speech_end_sample)
            logit = None if logit is None else round(logit, 3)
        return Heard(words_before(heard, speech_end_sample).strip(), logit,
                     mean_probability(heard.words), last_word_probability(heard, speech_end_sample))
