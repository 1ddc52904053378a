"""The scripted user of the full-duplex benchmark: renders each case into the caller's recording.

A recording is fixed before the call starts, so the user cannot react to the agent. Where timing
matters (an interruption or a backchannel over the agent's reply) the sound is placed at a time the
agent is speaking: end of the question + the agent's reply delay + the case's offset. The reply delay
comes from a dry run (``render_question`` played to the agent on the virtual clock, where the same
input gives the same timing), which is why a rendering is an exact prefix of any longer rendering of
the same case. The metrics still check from the audio that the agent was speaking, and leave the
case out if not.

Every recording carries the marks the metrics need (turn ends, pause, onsets), measured on the
trimmed speech before any background noise is added. Rendered audio is cached on disk by case hash,
and each synthesized sentence by text and voice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.bench.caller_voices import SPLIT_VOICES, CallerVoice
from chinwag.bench.callers import speak, speak_around_pause
from chinwag.bench.duplex_scenarios import COUGH, PAUSE_TASKS, DuplexCase
from chinwag.errors import ConfigError

log = logging.getLogger(__name__)

RENDER_VERSION = 5  # bump when rendering changes, so cached audio is rebuilt
HORIZON_S = 4.0  # how long after a turn / interruption the agent's answer is looked for
YIELD_TAIL_S = 2.5  # user backchannel: caller audio goes on this long after the acknowledgement


@dataclass
class CallerRecording:
    samples: np.ndarray  # 16 kHz mono float32
    marks: dict[str, float]  # seconds from the start: turn_end_s, pause_start_s, onset_s, ...

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE_HZ


ALL_VOICES = tuple(voice for voices in SPLIT_VOICES.values() for voice in voices)  # every split's, in order


def voice_by_name(name: str) -> CallerVoice:
    for voice in ALL_VOICES:
        if voice.name == name:
            return voice
    known = ", ".join(v.name for v in ALL_VOICES)
    raise ConfigError(f"unknown caller voice '{name}'; known voices: {known}")


def trim_silence(audio: np.ndarray, rel_floor: float = 0.02, hop: int = 160) -> np.ndarray:
    """Cut leading and trailing near-silence (10 ms frames under ``rel_floor`` of the loudest)."""
    n = len(audio) // hop
    if n == 0:
        return audio
    rms = np.sqrt(np.mean(audio[: n * hop].reshape(n, hop) ** 2, axis=1))
    loud = np.flatnonzero(rms > rel_floor * float(rms.max()))
    if loud.size == 0:
        return audio[:0]
    return audio[loud[0] * hop : (loud[-1] + 1) * hop].astype(np.float32)


def cough(rng: np.random.Generator) -> np.ndarray:
    """A cough-like sound: two or three short bursts of coloured noise with a sharp attack."""
    pieces: list[np.ndarray] = []
    for _ in range(int(rng.integers(2, 4))):
        n = int(rng.uniform(0.10, 0.18) * SAMPLE_RATE_HZ)
        white = rng.standard_normal(n + 32)
        noise = np.convolve(white, np.hanning(32) / 8, mode="valid")[:n]  # dull the hiss
        t = np.arange(n) / n
        envelope = np.minimum(1.0, t * 12) * np.exp(-4 * t)
        pieces += [noise * envelope * 0.5, np.zeros(int(rng.uniform(0.05, 0.1) * SAMPLE_RATE_HZ))]
    out = np.concatenate(pieces[:-1]).astype(np.float32)
    return np.clip(out / max(1e-6, float(np.abs(out).max())) * 0.5, -1, 1)


class _Timeline:
    """Appends silence and sounds, remembering where each sound starts and ends."""

    def __init__(self) -> None:
        self.pieces: list[np.ndarray] = []
        self.t_s = 0.0

    def silence(self, seconds: float) -> None:
        self.pieces.append(np.zeros(max(0, round(seconds * SAMPLE_RATE_HZ)), dtype=np.float32))
        self.t_s += len(self.pieces[-1]) / SAMPLE_RATE_HZ

    def silence_until(self, t_s: float) -> None:
        self.silence(max(0.0, t_s - self.t_s))

    def sound(self, audio: np.ndarray) -> tuple[float, float]:
        start = self.t_s
        self.pieces.append(audio.astype(np.float32))
        self.t_s += len(audio) / SAMPLE_RATE_HZ
        return start, self.t_s

    def audio(self) -> np.ndarray:
        return np.concatenate(self.pieces) if self.pieces else np.zeros(0, dtype=np.float32)


Synthesize = Callable[[str, CallerVoice], np.ndarray]  # text, voice -> 16 kHz mono speech
# words before and after a hesitation, voice -> the two halves of one sentence, 16 kHz mono
SynthesizeAroundPause = Callable[[str, str, CallerVoice], tuple[np.ndarray, np.ndarray]]


class _Voice:
    """Speaks for one case: trimmed utterances (cached on disk when given a folder, so a sentence
    sounds the same in the dry run and the real run even where the TTS samples noise), coughs, and
    background noise that depends only on the seed and the first utterance's loudness, so a
    shorter rendering of the same case is an exact prefix of a longer one."""

    def __init__(self, case: DuplexCase, synthesize: Synthesize, cache_dir: Path | None,
                 around_pause: SynthesizeAroundPause | None = None) -> None:
        self.voice = voice_by_name(case.voice)
        self.seed = case.seed
        self.synthesize = synthesize
        self.around_pause = around_pause
        self.cache_dir = cache_dir
        self.reference_power: float | None = None

    def say(self, text: str) -> np.ndarray:
        if text == COUGH:
            return cough(np.random.default_rng([self.seed, 2]))
        (audio,) = self._cached([text], lambda: [trim_silence(self.synthesize(text, self.voice))])
        self._note_loudness(audio)
        return audio

    def say_around_pause(self, before: str, after: str) -> tuple[np.ndarray, np.ndarray]:
        """One sentence with a hesitation after ``before``; without a splitting synthesizer the two
        halves are spoken as separate utterances (the fragment then sounds finished)."""
        split = self.around_pause
        if split is None:
            return self.say(before), self.say(after)
        first, second = self._cached(
            ["around-pause", before, after],
            lambda: [trim_silence(h) for h in split(before, after, self.voice)])
        self._note_loudness(first)
        return first, second

    def _note_loudness(self, audio: np.ndarray) -> None:
        if self.reference_power is None:
            loud = audio[np.abs(audio) > 0.01]
            self.reference_power = float(np.mean(loud**2)) if loud.size else 1e-4

    def _cached(self, what: list[str], make: Callable[[], list[np.ndarray]]) -> list[np.ndarray]:
        if self.cache_dir is None:
            return make()
        key = hashlib.sha256(json.dumps([*what, repr(self.voice), RENDER_VERSION]).encode()).hexdigest()[:20]
        path = self.cache_dir / "utterances" / f"{key}.npz"
        if path.is_file():
            try:
                with np.load(path) as data:
                    return [data[f"a{i}"].astype(np.float32) for i in range(len(data.files))]
            except (OSError, ValueError, KeyError) as exc:
                log.warning("re-synthesizing %r: cached audio unreadable (%s)", what, exc)
        pieces = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        # ``Any``: numpy's stub types ``**kwds`` alongside ``allow_pickle: bool``, so no array type fits both
        arrays: dict[str, Any] = {f"a{i}": a for i, a in enumerate(pieces)}
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
        return pieces

    def noisy(self, audio: np.ndarray) -> np.ndarray:
        if self.voice.noise_snr_db is None:
            return audio
        rng = np.random.default_rng([self.seed, 1])
        scale = np.sqrt((self.reference_power or 1e-4) / 10 ** (self.voice.noise_snr_db / 10))
        noise = rng.standard_normal(len(audio), dtype=np.float32) * np.float32(scale)
        return np.clip(audio + noise, -1.0, 1.0).astype(np.float32)


def render_case(case: DuplexCase, reply_delay_s: float = 0.5, synthesize: Synthesize = speak,
                cache_dir: Path | None = None,
                around_pause: SynthesizeAroundPause | None = speak_around_pause) -> CallerRecording:
    """The caller's side of ``case``. ``reply_delay_s``: when, after the question ends, the agent
    starts talking (places interruptions and acknowledgements); ``cache_dir`` keeps utterances;
    ``around_pause`` speaks a pause-handling sentence whole and cuts it at the hesitation (the
    ``pause_fragment`` task and ``None`` speak the two halves as separate sentences)."""
    v = _Voice(case, synthesize, cache_dir, around_pause if case.task == "pause_handling" else None)
    tl = _Timeline()
    tl.silence(case.lead_s)
    marks: dict[str, float] = {}
    if case.task in PAUSE_TASKS:
        first, second = v.say_around_pause(*case.texts)
        marks["turn_start_s"], marks["pause_start_s"] = tl.sound(first)
        tl.silence(case.pause_s or 1.0)
        marks["pause_end_s"], marks["turn_end_s"] = tl.sound(second)
        tl.silence(1.5)
    elif case.task == "backchannel":
        marks["turn_start_s"] = tl.t_s
        for i, clause in enumerate(case.texts):
            if i:
                tl.silence(case.gaps_s[i - 1])
            _, marks["turn_end_s"] = tl.sound(v.say(clause))
        tl.silence(1.0)
    elif case.task == "smooth_turn_taking":
        marks["turn_start_s"], marks["turn_end_s"] = tl.sound(v.say(case.texts[0]))
        tl.silence(HORIZON_S + 0.5)
    elif case.task in ("user_interruption", "user_backchannel"):
        question, cut_in = case.texts
        marks["turn_start_s"], marks["question_end_s"] = tl.sound(v.say(question))
        marks["expected_agent_start_s"] = marks["question_end_s"] + reply_delay_s
        tl.silence_until(marks["expected_agent_start_s"] + (case.offset_s or 1.0))
        marks["onset_s"], marks["end_s"] = tl.sound(v.say(cut_in))
        tl.silence(HORIZON_S + 0.5 if case.task == "user_interruption" else YIELD_TAIL_S)
    else:
        raise ConfigError(f"unknown duplex task '{case.task}'")
    return CallerRecording(v.noisy(tl.audio()), {k: round(val, 4) for k, val in marks.items()})


def render_question(case: DuplexCase, synthesize: Synthesize = speak, cache_dir: Path | None = None,
                    wait_s: float = 6.0) -> CallerRecording:
    """Only the question of an interruption / backchannel case, then ``wait_s`` of silence: the dry
    run that finds out when the agent starts its reply, so the cut-in can be placed over it. Up to
    the cut-in it is the same audio as ``render_case`` gives."""
    v = _Voice(case, synthesize, cache_dir)
    tl = _Timeline()
    tl.silence(case.lead_s)
    start, end = tl.sound(v.say(case.texts[0]))
    tl.silence(wait_s)
    marks = {"turn_start_s": round(start, 4), "question_end_s": round(end, 4)}
    return CallerRecording(v.noisy(tl.audio()), marks)


# ----------------------------------------------------------------------------------------------- cache
def duplex_cache_dir() -> Path:
    """``$CHINWAG_CACHE_DIR/duplex``, else ``$XDG_CACHE_HOME/chinwag/duplex`` (``~/.cache``)."""
    if os.environ.get("CHINWAG_CACHE_DIR"):
        return Path(os.environ["CHINWAG_CACHE_DIR"]) / "duplex"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "chinwag" / "duplex"


def case_key(case: DuplexCase, reply_delay_s: float) -> str:
    payload = json.dumps({"case": case.to_dict(), "reply_delay_s": round(reply_delay_s, 3),
                          "render": RENDER_VERSION}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def cached_render(case: DuplexCase, reply_delay_s: float = 0.5, cache_dir: Path | None = None,
                  synthesize: Synthesize = speak) -> CallerRecording:
    """``render_case`` through an on-disk cache (a damaged entry is simply rendered again)."""
    folder = cache_dir or duplex_cache_dir()
    path = folder / f"{case.id}-{case_key(case, reply_delay_s)}.npz"
    if path.is_file():
        try:
            with np.load(path) as data:
                marks = json.loads(str(data["marks"]))
                return CallerRecording(data["samples"].astype(np.float32), marks)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("re-rendering %s: cached audio unreadable (%s)", case.id, exc)
    rec = render_case(case, reply_delay_s, synthesize, folder)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez_compressed(tmp, samples=rec.samples, marks=json.dumps(rec.marks))
    os.replace(tmp, path)
    return rec
