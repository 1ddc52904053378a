"""A bank of short listener sounds ("mm-hmm", "yeah") and thinking fillers in the agent's own voice.

Backchannels must start within a frame or two of the moment the floor policy asks for one, so they are
synthesized ahead of time, trimmed of the synthesizer's leading and trailing silence, and played
quieter than speech: a listener's "mm-hmm" that is as loud as a reply sounds like grabbing the floor.

Piper's English front end spells "mm-hmm" out letter by letter ("M H M"), so for Piper voices some
entries are given as raw phonemes (``[[...]]``). Each was chosen by synthesizing candidates and
checking what a Whisper recogniser heard and that the sound lasts well under 0.8 s.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.speak.types import SpeechStyle, Synthesizer
from chinwag.speak.word_timing import find_speech_regions

log = logging.getLogger(__name__)

BACKCHANNEL_VOLUME = 0.5
EDGE_PAD_MS = 15  # keep a sliver of the onset/decay so the trimmed sound does not click
FADE_MS = 5


@dataclass(frozen=True)
class Phrase:
    """What is logged (``text``) and, for Piper voices, what is fed to the synthesizer instead."""

    text: str
    piper_input: str | None = None

    def input_for(self, synthesizer: Synthesizer) -> str:
        if self.piper_input and synthesizer.name.startswith("piper"):
            return self.piper_input
        return self.text


DEFAULT_BACKCHANNELS: tuple[Phrase, ...] = (
    Phrase("mm-hmm", "[[əm hˈəm]]"),
    Phrase("uh-huh", "[[ɐ hˈɐ]]"),
    Phrase("yeah"),
    Phrase("right"),
    Phrase("okay"),
    Phrase("I see"),
)
DEFAULT_FILLERS: tuple[Phrase, ...] = (Phrase("um,"), Phrase("let me see..."), Phrase("hm."))


@dataclass(frozen=True)
class BankEntry:
    text: str
    audio: np.ndarray  # 16 kHz mono float32, trimmed

    @property
    def duration_ms(self) -> float:
        return len(self.audio) * 1000.0 / SAMPLE_RATE_HZ


def trim_silence(audio: np.ndarray, sample_rate_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """Cut leading and trailing silence, with short fades so the edges do not click."""
    regions = find_speech_regions(audio, sample_rate_hz)
    if regions is None:
        return np.zeros(0, dtype=np.float32)
    pad = sample_rate_hz * EDGE_PAD_MS // 1000
    start = max(0, int(regions.start_ms * sample_rate_hz / 1000) - pad)
    end = min(len(audio), int(regions.end_ms * sample_rate_hz / 1000) + pad)
    out = np.array(audio[start:end], dtype=np.float32)
    fade = min(len(out) // 2, sample_rate_hz * FADE_MS // 1000)
    if fade > 0:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    return out


class BackchannelBank:
    """Pre-synthesized backchannels and fillers; ``pick`` never repeats the one it gave last.

    With ``background=True`` synthesis runs in a daemon thread and ``pick`` returns None until the
    first entry is ready, so building the bank never delays the start of a conversation.
    """

    def __init__(
        self,
        synthesizer: Synthesizer,
        backchannels: tuple[Phrase, ...] = DEFAULT_BACKCHANNELS,
        fillers: tuple[Phrase, ...] = DEFAULT_FILLERS,
        volume: float = BACKCHANNEL_VOLUME,
        background: bool = False,
    ):
        self._synthesizer = synthesizer
        self._style = SpeechStyle(volume=volume)
        self._lock = threading.Lock()
        self._backchannels: list[BankEntry] = []
        self._fillers: list[BankEntry] = []
        self._last_backchannel: str | None = None
        self._last_filler: str | None = None
        self._done = threading.Event()
        if background:
            threading.Thread(
                target=self._build, args=(backchannels, fillers), name="backchannel-bank", daemon=True
            ).start()
        else:
            self._build(backchannels, fillers)

    def _build(self, backchannels: tuple[Phrase, ...], fillers: tuple[Phrase, ...]) -> None:
        try:
            for phrases, target in ((backchannels, self._backchannels), (fillers, self._fillers)):
                for phrase in phrases:
                    spoken = phrase.input_for(self._synthesizer)
                    audio = trim_silence(self._synthesizer.synthesize(spoken, self._style))
                    if audio.size == 0:
                        log.warning("backchannel %r came out silent; left out of the bank", phrase.text)
                        continue
                    with self._lock:
                        target.append(BankEntry(phrase.text, audio))
        finally:
            self._done.set()

    def wait_ready(self, timeout_s: float | None = None) -> bool:
        """Block until every entry is synthesized (for tests and offline runs)."""
        return self._done.wait(timeout_s)

    @property
    def backchannels(self) -> list[BankEntry]:
        with self._lock:
            return list(self._backchannels)

    @property
    def fillers(self) -> list[BankEntry]:
        with self._lock:
            return list(self._fillers)

    def pick(self, rng: random.Random) -> tuple[str, np.ndarray] | None:
        entry = self._pick_from(self.backchannels, self._last_backchannel, rng)
        if entry is None:
            return None
        self._last_backchannel = entry.text
        return entry.text, entry.audio

    def pick_filler(self, rng: random.Random) -> tuple[str, np.ndarray] | None:
        entry = self._pick_from(self.fillers, self._last_filler, rng)
        if entry is None:
            return None
        self._last_filler = entry.text
        return entry.text, entry.audio

    @staticmethod
    def _pick_from(entries: list[BankEntry], last: str | None, rng: random.Random) -> BankEntry | None:
        choices = [e for e in entries if e.text != last] or entries
        return rng.choice(choices) if choices else None
