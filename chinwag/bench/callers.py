"""Synthetic callers: scripted turns spoken by varied local voices, for demos, tests and benchmarks.

Voices vary engine (Piper neural / espeak-ng formant), pitch, rate and background noise so that no
threshold gets tuned to one voice. Each scenario is a list of turns with the silence before each; a
file-driven caller does not wait for the agent, so the gaps leave room for the agent's replies.
The voices themselves, and the list of the duplex bench's splits, are in ``caller_voices.py``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import soundfile as sf

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import resample, sanitize
from chinwag.bench.caller_voices import CallerVoice
from chinwag.errors import BackendUnavailableError
from chinwag.speak.hesitation import espeak_ssml_with_break, piper_around_pause, split_at_break

if TYPE_CHECKING:
    from chinwag.speak.piper_tts import PiperSynthesizer


@dataclass(frozen=True)
class Turn:
    gap_before_s: float
    text: str


@dataclass(frozen=True)
class Scenario:
    name: str
    turns: tuple[Turn, ...]
    expect: dict[str, object]  # what a correct agent's structured result should contain


SCENARIOS = [
    Scenario("book-four-friday", (
        Turn(3.5, "Hi, I'd like to book a table for four people on Friday."),
        Turn(5.0, "Around seven thirty in the evening, please."),
        Turn(5.0, "The name is Anna Smith."),
        Turn(6.0, "Yes, that's right."),
        Turn(5.5, "Do you have any vegetarian dishes?"),
        Turn(6.0, "Great, thank you. Goodbye!"),
    ), {"party_size": 4, "status": "booked"}),
    Scenario("hours-then-book", (
        Turn(3.5, "Hello, what time do you open on Saturday?"),
        Turn(5.5, "Okay. Can I book a table for two at eight?"),
        Turn(5.0, "Saturday, please."),
        Turn(5.0, "It's under Jones."),
        Turn(6.0, "Yes please."),
    ), {"party_size": 2, "status": "booked"}),
    Scenario("book-six-tomorrow", (
        Turn(3.5, "Good evening. A table for six tomorrow at seven, please."),
        Turn(5.0, "My name is David Brown."),
        Turn(6.0, "Yes, that's correct."),
        Turn(5.0, "Thanks, bye."),
    ), {"party_size": 6, "status": "booked"}),
    Scenario("menu-questions", (
        Turn(3.5, "Hi there, do you have gluten free options?"),
        Turn(6.0, "And where are you located?"),
        Turn(6.0, "Thank you, that's all. Goodbye."),
    ), {"status": "info_only"}),
]


def _espeak(text: str, voice: CallerVoice, ssml: bool = False) -> np.ndarray:
    if shutil.which("espeak-ng") is None:
        raise BackendUnavailableError("espeak-ng is not installed; run: apt-get install espeak-ng")
    wpm = int(165 * voice.rate)
    markup = ["-m"] if ssml else []
    wav = subprocess.run(["espeak-ng", "--stdout", *markup, "-v", voice.espeak_voice, "-s", str(wpm), text],
                         check=True, capture_output=True).stdout
    data, rate = sf.read(io.BytesIO(wav), dtype="float32")
    return sanitize(data, int(rate)).samples * 0.8


_PIPER: dict[str, PiperSynthesizer] = {}


def _piper_synth() -> PiperSynthesizer:
    from chinwag.speak.piper_tts import PiperSynthesizer

    synth = _PIPER.get("default")
    if synth is None:
        synth = _PIPER["default"] = PiperSynthesizer()
    return synth


def _piper_pitch(audio: np.ndarray, voice: CallerVoice) -> np.ndarray:
    # Raising pitch by resampling also speeds speech up by the same factor; the rate compensates.
    if voice.pitch_factor != 1.0:
        audio = resample(audio, int(SAMPLE_RATE_HZ * voice.pitch_factor), SAMPLE_RATE_HZ)
    return np.asarray(audio, dtype=np.float32)


def _piper(text: str, voice: CallerVoice) -> np.ndarray:
    from chinwag.speak.types import SpeechStyle

    audio = _piper_synth().synthesize(text, SpeechStyle(rate=voice.rate / voice.pitch_factor))
    return _piper_pitch(audio, voice)


def speak(text: str, voice: CallerVoice) -> np.ndarray:
    return _piper(text, voice) if voice.engine == "piper" else _espeak(text, voice)


def speak_around_pause(before: str, after: str, voice: CallerVoice) -> tuple[np.ndarray, np.ndarray]:
    """``before`` and ``after`` as the two halves of one sentence spoken with a pause between them
    (the pause itself left out: the caller inserts the silence it wants); see ``speak.hesitation``."""
    if voice.engine == "piper":
        from chinwag.speak.types import SpeechStyle

        first, second = piper_around_pause(_piper_synth(), before, after,
                                           SpeechStyle(rate=voice.rate / voice.pitch_factor))
        return _piper_pitch(first, voice), _piper_pitch(second, voice)
    return split_at_break(_espeak(espeak_ssml_with_break(before, after), voice, ssml=True))


def add_noise(audio: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    speech_power = float(np.mean(audio[np.abs(audio) > 0.01] ** 2)) if np.any(np.abs(audio) > 0.01) else 1e-4
    noise = rng.standard_normal(len(audio)).astype(np.float32)
    noise *= np.sqrt(speech_power / (10 ** (snr_db / 10)))
    return np.clip(audio + noise, -1.0, 1.0).astype(np.float32)


@dataclass
class CallerAudio:
    samples: np.ndarray
    turn_spans_s: list[tuple[float, float]]  # where each turn's speech is audible in the file


def _audible_span(speech: np.ndarray, rel_floor: float = 0.02) -> tuple[float, float]:
    """First and last audible sample, in seconds into ``speech``. The synthesizers add 50-250 ms of
    silence around a sentence; counting it as the caller's turn made a reply that came within it look
    like no reply at all (``bench latency``'s "answered before the caller's next turn")."""
    peak = float(np.abs(speech).max()) if speech.size else 0.0
    loud = np.flatnonzero(np.abs(speech) > rel_floor * peak) if peak > 0 else np.array([], dtype=np.int64)
    if loud.size == 0:
        return 0.0, len(speech) / SAMPLE_RATE_HZ
    return int(loud[0]) / SAMPLE_RATE_HZ, (int(loud[-1]) + 1) / SAMPLE_RATE_HZ


def render_scenario(scenario: Scenario, voice: CallerVoice, seed: int = 0, tail_s: float = 1.0) -> CallerAudio:
    rng = np.random.default_rng(seed)
    pieces: list[np.ndarray] = []
    spans: list[tuple[float, float]] = []
    t = 0.0
    for turn in scenario.turns:
        gap = np.zeros(int(turn.gap_before_s * SAMPLE_RATE_HZ), dtype=np.float32)
        speech = speak(turn.text, voice)
        pieces += [gap, speech]
        t += turn.gap_before_s
        first_s, last_s = _audible_span(speech)
        spans.append((t + first_s, t + last_s))
        t += len(speech) / SAMPLE_RATE_HZ
    pieces.append(np.zeros(int(tail_s * SAMPLE_RATE_HZ), dtype=np.float32))
    audio = np.concatenate(pieces)
    if voice.noise_snr_db is not None:
        audio = add_noise(audio, voice.noise_snr_db, rng)
    return CallerAudio(audio, spans)
