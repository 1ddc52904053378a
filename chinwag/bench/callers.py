"""Synthetic callers: scripted turns spoken by varied local voices, for demos, tests and benchmarks.

Voices vary engine (Piper neural / espeak-ng formant), pitch, rate and background noise so that no
threshold gets tuned to one voice. Each scenario is a list of turns with the silence before each; a
file-driven caller does not wait for the agent, so the gaps leave room for the agent's replies.
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
from chinwag.errors import BackendUnavailableError
from chinwag.speak.hesitation import espeak_ssml_with_break, piper_around_pause, split_at_break

if TYPE_CHECKING:
    from chinwag.speak.piper_tts import PiperSynthesizer


@dataclass(frozen=True)
class CallerVoice:
    name: str
    engine: str  # "piper" | "espeak"
    espeak_voice: str = "en-us"
    rate: float = 1.0  # speaking-rate factor
    pitch_factor: float = 1.0  # >1 raises pitch (piper: by resampling)
    noise_snr_db: float | None = None


# Dev voices are used while developing; held-out voices only in reports.
DEV_VOICES = [
    CallerVoice("piper-high", "piper", pitch_factor=1.22, rate=1.0),
    CallerVoice("espeak-us", "espeak", "en-us", rate=1.0),
    CallerVoice("piper-low-noisy", "piper", pitch_factor=0.92, rate=0.9, noise_snr_db=25.0),
]
HELD_OUT_VOICES = [
    CallerVoice("espeak-gb-f", "espeak", "en-gb+f3", rate=0.9, noise_snr_db=30.0),
    CallerVoice("piper-fast", "piper", pitch_factor=1.12, rate=1.15),
    CallerVoice("espeak-us-m", "espeak", "en-us+m3", rate=1.1),
]
# Fresh voices: added after all tuning, for the duplex bench's one-off "fresh" check.
FRESH_VOICES = [
    CallerVoice("espeak-scot-noisy", "espeak", "en-gb-scotland+m4", rate=1.0, noise_snr_db=20.0),
    CallerVoice("piper-slow-low", "piper", pitch_factor=0.85, rate=0.85),
    CallerVoice("espeak-us-f-fast", "espeak", "en-us+f5", rate=1.2),
]
# Unseen voices: for the duplex bench's "unseen" split, kept from the developers until the final check.
UNSEEN_VOICES = [
    CallerVoice("espeak-wmids-f-noisy", "espeak", "en-gb-x-gbcwmd+f2", rate=0.95, noise_snr_db=18.0),
    CallerVoice("piper-brisk", "piper", pitch_factor=1.05, rate=1.2),
    CallerVoice("espeak-nyc-m", "espeak", "en-us-nyc+m1", rate=1.05, noise_snr_db=32.0),
]
# Novel voices: for the duplex bench's "novel" split (session 5), kept from the developers until the final check.
NOVEL_VOICES = [
    CallerVoice("espeak-lancs-f", "espeak", "en-gb-x-gbclan+f4", rate=0.92),
    CallerVoice("piper-mid-steady", "piper", pitch_factor=1.16, rate=0.95),
    CallerVoice("espeak-rp-m-noisy", "espeak", "en-gb-x-rp+m5", rate=1.08, noise_snr_db=22.0),
]
# Sealed voices: for the duplex bench's "sealed" split (session 6), kept from the developers.
SEALED_VOICES = [
    CallerVoice("espeak-carib-deep-noisy", "espeak", "en-029+m7", rate=1.12, noise_snr_db=23.5),
    CallerVoice("piper-quick-mellow", "piper", pitch_factor=0.96, rate=1.1),
    CallerVoice("espeak-gb-belinda-soft", "espeak", "en-gb+belinda", rate=0.88, noise_snr_db=34.0),
]
# Blind voices: for the duplex bench's "blind" split (session 7), kept from the developers.
BLIND_VOICES = [
    CallerVoice("espeak-scot-f1-noisy", "espeak", "en-gb-scotland+f1", rate=0.93, noise_snr_db=24.5),
    CallerVoice("piper-bright-unhurried", "piper", pitch_factor=1.08, rate=0.87),
    CallerVoice("espeak-wmids-m6-quick", "espeak", "en-gb-x-gbcwmd+m6", rate=1.16, noise_snr_db=30.0),
]
# Veiled voices: for the duplex bench's "veiled" split (session 8), kept from the developers.
VEILED_VOICES = [
    CallerVoice("piper-husky-brisk-hiss", "piper", pitch_factor=0.93, rate=1.05, noise_snr_db=28.0),
    CallerVoice("espeak-us-m2-echo-noisy", "espeak", "en-us+m2", rate=0.97, noise_snr_db=24.0),
    CallerVoice("espeak-rp-linda-slow", "espeak", "en-gb-x-rp+linda", rate=0.9, noise_snr_db=33.0),
]
# Shrouded voices: for the duplex bench's "shrouded" split (session 9), kept from the developers.
SHROUDED_VOICES = [
    CallerVoice("piper-even-measured-hiss", "piper", pitch_factor=1.02, rate=0.97, noise_snr_db=30.5),
    CallerVoice("espeak-lancs-m2-noisy", "espeak", "en-gb-x-gbclan+m2", rate=1.02, noise_snr_db=21.5),
    CallerVoice("espeak-carib-f2-brisk", "espeak", "en-029+f2", rate=1.07, noise_snr_db=35.0),
]
# Cloaked voices: for the duplex bench's "cloaked" split (session 10), kept from the developers.
CLOAKED_VOICES = [
    CallerVoice("piper-deep-lilting-hum", "piper", pitch_factor=0.89, rate=1.03, noise_snr_db=27.5),
    CallerVoice("espeak-nyc-f4-noisy", "espeak", "en-us-nyc+f4", rate=0.99, noise_snr_db=20.5),
    CallerVoice("espeak-rp-f4-quick", "espeak", "en-gb-x-rp+f4", rate=1.08),
]
# Masked voices: for the duplex bench's "masked" split (session 10b), kept from the developers.
MASKED_VOICES = [
    CallerVoice("piper-light-patient-fizz", "piper", pitch_factor=1.19, rate=0.94, noise_snr_db=29.0),
    CallerVoice("espeak-scot-f3-noisy", "espeak", "en-gb-scotland+f3", rate=1.01, noise_snr_db=21.0),
    CallerVoice("espeak-wmids-f4-slow", "espeak", "en-gb-x-gbcwmd+f4", rate=0.91),
]
# Hooded voices: for the duplex bench's "hooded" split (session 11), kept from the developers.
HOODED_VOICES = [
    CallerVoice("piper-warm-unhurried-rustle", "piper", pitch_factor=1.13, rate=0.98, noise_snr_db=26.5),
    CallerVoice("espeak-carib-m3-noisy", "espeak", "en-029+m3", rate=1.04, noise_snr_db=19.5),
    CallerVoice("espeak-lancs-f5-quick", "espeak", "en-gb-x-gbclan+f5", rate=1.06),
]
# Cowled voices: for the duplex bench's "cowled" split (session 12), kept from the developers.
COWLED_VOICES = [
    CallerVoice("piper-clear-easy-static", "piper", pitch_factor=1.1, rate=1.01, noise_snr_db=31.5),
    CallerVoice("espeak-nyc-f5-noisy", "espeak", "en-us-nyc+f5", rate=0.98, noise_snr_db=22.0),
    CallerVoice("espeak-wmids-m3-brisk", "espeak", "en-gb-x-gbcwmd+m3", rate=1.09),
]
# Shaded voices: for the duplex bench's "shaded" split (session 13), kept from the developers.
SHADED_VOICES = [
    CallerVoice("piper-lifted-nimble-crackle", "piper", pitch_factor=1.15, rate=1.08, noise_snr_db=24.0),
    CallerVoice("espeak-scot-m2-noisy", "espeak", "en-gb-scotland+m2", rate=0.96, noise_snr_db=23.0),
    CallerVoice("espeak-rp-f2-brisk", "espeak", "en-gb-x-rp+f2", rate=1.1),
]
# Draped voices: for the duplex bench's "draped" split (session 14), kept from the developers.
DRAPED_VOICES = [
    CallerVoice("piper-dusky-steady-murmur", "piper", pitch_factor=0.91, rate=0.95, noise_snr_db=27.0),
    CallerVoice("espeak-lancs-m4-noisy", "espeak", "en-gb-x-gbclan+m4", rate=1.04, noise_snr_db=25.0),
    CallerVoice("espeak-us-f1-slow", "espeak", "en-us+f1", rate=0.93),
]
# Swathed voices: for the duplex bench's "swathed" split (session 14, before its final measurement), kept
# from the developers.
SWATHED_VOICES = [
    CallerVoice("piper-airy-deliberate-drizzle", "piper", pitch_factor=1.06, rate=0.9, noise_snr_db=22.0),
    CallerVoice("espeak-nyc-m6-noisy", "espeak", "en-us-nyc+m6", rate=1.12, noise_snr_db=29.0),
    CallerVoice("espeak-scot-f5-even", "espeak", "en-gb-scotland+f5", rate=0.99),
]
# Mantled voices: for the duplex bench's "mantled" split (session 15, before its changes), kept from the
# developers.
MANTLED_VOICES = [
    CallerVoice("piper-level-nimble-whir", "piper", pitch_factor=0.99, rate=1.06, noise_snr_db=25.5),
    CallerVoice("espeak-carib-f4-noisy", "espeak", "en-029+f4", rate=0.94, noise_snr_db=23.0),
    CallerVoice("espeak-gb-m5-brisk", "espeak", "en-gb+m5", rate=1.05),
]
# Screened voices: for the duplex bench's "screened" split (written in session 15 for a later session's
# untuned run), kept from the developers.
SCREENED_VOICES = [
    CallerVoice("piper-mild-easy-patter", "piper", pitch_factor=1.04, rate=0.93, noise_snr_db=26.0),
    CallerVoice("espeak-lancs-m7-noisy", "espeak", "en-gb-x-gbclan+m7", rate=0.96, noise_snr_db=28.5),
    CallerVoice("espeak-rp-m3-steady", "espeak", "en-gb-x-rp+m3", rate=1.02),
]
# Curtained voices: for the duplex bench's "curtained" split (written in session 16 for that session's
# untuned run), kept from the developers.
CURTAINED_VOICES = [
    CallerVoice("piper-soft-lively-babble", "piper", pitch_factor=0.97, rate=1.03, noise_snr_db=23.5),
    CallerVoice("espeak-wmids-m1-noisy", "espeak", "en-gb-x-gbcwmd+m1", rate=1.06, noise_snr_db=27.0),
    CallerVoice("espeak-nyc-f2-calm", "espeak", "en-us-nyc+f2", rate=0.97),
]
# Shuttered voices: for the duplex bench's "shuttered" split (written in session 17 for a later session's
# untuned run), kept from the developers.
SHUTTERED_VOICES = [
    CallerVoice("piper-sunny-spry-sizzle", "piper", pitch_factor=1.09, rate=1.045, noise_snr_db=29.5),
    CallerVoice("espeak-scot-m8-noisy", "espeak", "en-gb-scotland+m8", rate=0.955, noise_snr_db=22.5),
    CallerVoice("espeak-gb-steph-brisk", "espeak", "en-gb+steph", rate=1.075),
]
# Latticed voices: for the duplex bench's "latticed" split (written in session 17 for a later session's
# untuned run), kept from the developers.
LATTICED_VOICES = [
    CallerVoice("piper-smoky-easy-drone", "piper", pitch_factor=0.94, rate=0.985, noise_snr_db=31.0),
    CallerVoice("espeak-lancs-annie-noisy", "espeak", "en-gb-x-gbclan+Annie", rate=1.035, noise_snr_db=20.75),
    CallerVoice("espeak-carib-edward-slow", "espeak", "en-029+edward", rate=0.945),
]
# Gabled voices: for the duplex bench's "gabled" split (written in session 18 for an untuned run), kept from
# the developers.
GABLED_VOICES = [
    CallerVoice("piper-mellow-nippy-hush", "piper", pitch_factor=0.955, rate=1.125, noise_snr_db=32.5),
    CallerVoice("espeak-rp-aunty-noisy", "espeak", "en-gb-x-rp+aunty", rate=0.965, noise_snr_db=24.75),
    CallerVoice("espeak-nyc-robert-brisk", "espeak", "en-us-nyc+robert", rate=1.095),
]
# Louvred voices: for the duplex bench's "louvred" split (written in session 18 for a later session's untuned
# run), kept from the developers.
LOUVRED_VOICES = [
    CallerVoice("piper-fair-leisurely-rain", "piper", pitch_factor=1.035, rate=0.915, noise_snr_db=28.75),
    CallerVoice("espeak-wmids-andrea-noisy", "espeak", "en-gb-x-gbcwmd+Andrea", rate=0.935, noise_snr_db=21.25),
    CallerVoice("espeak-us-max-brisk", "espeak", "en-us+max", rate=1.055),
]
# Thatched voices: for the duplex bench's "thatched" split (written in session 19 for an untuned run), kept
# from the developers.
THATCHED_VOICES = [
    CallerVoice("piper-round-sprightly-breeze", "piper", pitch_factor=0.975, rate=1.065, noise_snr_db=30.25),
    CallerVoice("espeak-scot-alicia-noisy", "espeak", "en-gb-scotland+Alicia", rate=1.025, noise_snr_db=22.75),
    CallerVoice("espeak-carib-travis-slow", "espeak", "en-029+travis", rate=0.925),
]
# Shingled voices: for the duplex bench's "shingled" split (written in session 21 for an untuned run), kept
# from the developers.
SHINGLED_VOICES = [
    CallerVoice("piper-chirpy-steady-mist", "piper", pitch_factor=1.125, rate=1.015, noise_snr_db=33.75),
    CallerVoice("espeak-us-anika-noisy", "espeak", "en-us+anika", rate=1.045, noise_snr_db=23.25),
    CallerVoice("espeak-lancs-michel-slow", "espeak", "en-gb-x-gbclan+michel", rate=0.905),
]
# Slated voices: for the duplex bench's "slated" split (written in session 22 for an untuned run), kept
# from the developers.
SLATED_VOICES = [
    CallerVoice("piper-velvet-nimble-fog", "piper", pitch_factor=0.945, rate=1.085, noise_snr_db=26.75),
    CallerVoice("espeak-nyc-shelby-noisy", "espeak", "en-us-nyc+shelby", rate=0.975, noise_snr_db=24.25),
    CallerVoice("espeak-wmids-denis-even", "espeak", "en-gb-x-gbcwmd+Denis", rate=1.005),
]
# Tiled voices: for the duplex bench's "tiled" split (written in session 23 for an untuned run), kept
# from the developers.
TILED_VOICES = [
    CallerVoice("piper-honeyed-measured-sleet", "piper", pitch_factor=1.075, rate=0.965, noise_snr_db=29.25),
    CallerVoice("espeak-rp-steph2-noisy", "espeak", "en-gb-x-rp+steph2", rate=1.065, noise_snr_db=23.75),
    CallerVoice("espeak-carib-mike-slow", "espeak", "en-029+Mike", rate=0.915),
]
# Glazed voices: for the duplex bench's "glazed" split (written in session 24 for an untuned run), kept
# from the developers.
GLAZED_VOICES = [
    CallerVoice("piper-crisp-unrushed-spray", "piper", pitch_factor=1.025, rate=0.895, noise_snr_db=31.75),
    CallerVoice("espeak-scot-steph3-noisy", "espeak", "en-gb-scotland+steph3", rate=0.995, noise_snr_db=25.75),
    CallerVoice("espeak-us-paul-brisk", "espeak", "en-us+paul", rate=1.11),
]


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
