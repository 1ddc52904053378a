"""Re-decodes a growing utterance while the user speaks, so little is left to do when they stop.

Whisper is not a streaming model, so partial transcripts come from decoding the whole utterance so
far again every ``redecode_every_ms`` of new audio (in a worker thread; at most one decode in flight,
newer audio simply waits for the next one). When the user stops, ``finalize`` reuses the last partial
if it already covered all the speech; otherwise one last decode runs. Calling ``update(..., force=True)``
as soon as a pause begins (e.g. when the segmenter's ``silence_ms`` passes ~100 ms) usually makes the
final decode unnecessary: the end-of-speech latency is then only the pause the segmenter waits for.

Stale results are dropped with a generation number: ``reset`` starts a new utterance even while a
decode of the old one is still running in its thread.
"""

from __future__ import annotations

import asyncio
import logging
import string
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.listen.types import Recognizer, Transcript, Word

log = logging.getLogger(__name__)

_PUNCTUATION = str.maketrans("", "", string.punctuation)


def _word_key(word: Word) -> str:
    return word.text.lower().translate(_PUNCTUATION)


@dataclass
class IncrementalState:
    generation: int = 0
    partial: Transcript | None = None
    previous: Transcript | None = None
    partial_samples: int = 0  # how much audio ``partial`` covers
    scheduled_samples: int = 0  # audio length of the newest decode started
    in_flight: asyncio.Task[None] | None = None
    forced_waiting: Callable[[], np.ndarray] | None = None  # a forced decode asked for while busy
    decodes: int = 0
    decode_ms: list[float] = field(default_factory=list)

    def reset(self) -> None:
        self.generation += 1  # results of decodes started before this are ignored
        self.partial = self.previous = None
        self.partial_samples = self.scheduled_samples = 0
        self.in_flight = None
        self.forced_waiting = None
        self.decodes = 0
        self.decode_ms = []


class IncrementalTranscriber:
    """Partial and final transcripts for one utterance at a time, from any blocking ``Recognizer``."""

    def __init__(self, recognizer: Recognizer, redecode_every_ms: float = 600.0, min_audio_ms: float = 300.0):
        self.recognizer = recognizer
        self.redecode_every_samples = round(redecode_every_ms * SAMPLE_RATE_HZ / 1000)
        self.min_audio_samples = round(min_audio_ms * SAMPLE_RATE_HZ / 1000)
        self.state = IncrementalState()

    @property
    def partial(self) -> Transcript | None:
        return self.state.partial

    @property
    def partial_samples(self) -> int:
        return self.state.partial_samples

    @property
    def busy(self) -> bool:
        task = self.state.in_flight
        return task is not None and not task.done()

    def reset(self) -> None:
        self.state.reset()

    def stable_prefix(self) -> list[Word]:
        """Leading words of the latest partial that the decode before it agreed on."""
        cur, prev = self.state.partial, self.state.previous
        if cur is None or prev is None:
            return []
        stable: list[Word] = []
        for a, b in zip(cur.words, prev.words, strict=False):
            if _word_key(a) != _word_key(b):
                break
            stable.append(a)
        return stable

    def schedule(self, n_samples: int, get_audio: Callable[[], np.ndarray], force: bool = False,
                 every_ms: float | None = None) -> None:
        """Per-frame form of ``update`` for a streaming agent: cheap when nothing is due, and only
        then builds the utterance audio (``get_audio``) and starts a background re-decode.
        ``every_ms`` re-decodes more often than usual (a short burst the agent paused for)."""
        st = self.state
        if n_samples < self.min_audio_samples or n_samples <= st.scheduled_samples:
            return
        if self.busy:
            if force:  # the pause has begun: decode the whole turn the moment the recogniser is free
                st.forced_waiting = get_audio
            return
        every = self.redecode_every_samples if every_ms is None else round(every_ms * SAMPLE_RATE_HZ / 1000)
        if not force and n_samples - st.scheduled_samples < every:
            return
        st.scheduled_samples = n_samples
        snapshot = np.array(get_audio(), dtype=np.float32, copy=True)
        st.in_flight = asyncio.create_task(self._decode(snapshot, st.generation))

    async def update(self, audio_so_far: np.ndarray, force: bool = False) -> None:
        """Start a background re-decode if enough new audio arrived (or ``force``) and none is running.

        Returns at once; the result shows up in ``partial`` when the decode finishes.
        """
        st = self.state
        n = len(audio_so_far)
        if self.busy or n < self.min_audio_samples or n <= st.scheduled_samples:
            return
        if not force and n - st.scheduled_samples < self.redecode_every_samples:
            return
        st.scheduled_samples = n
        snapshot = np.array(audio_so_far, dtype=np.float32, copy=True)
        st.in_flight = asyncio.create_task(self._decode(snapshot, st.generation))

    async def wait_idle(self) -> None:
        """Wait until the decode in flight (if any) has finished."""
        task = self.state.in_flight
        if task is not None:
            await asyncio.shield(task)

    async def finalize(self, audio: np.ndarray, speech_end_sample: int | None = None) -> Transcript:
        """Final transcript of the utterance ``audio``.

        The last partial is reused when it covers the audio, or at least everything up to
        ``speech_end_sample`` (where the segmenter saw the last speech: trailing silence adds nothing).
        """
        st = self.state
        generation = st.generation
        needed = len(audio) if speech_end_sample is None else min(len(audio), speech_end_sample)
        # Either the decode in flight already covers the speech (then it is the answer) or the
        # recogniser, which serves one call at a time, would make the final decode wait for it anyway;
        # a forced decode chained after it (``schedule``) is waited for the same way. Only until the
        # speech is covered: later decodes of a caller who talks on are not this transcript's business.
        while ((task := st.in_flight) is not None and not task.done() and st.generation == generation
               and not (st.partial is not None and st.partial_samples >= needed)):
            await asyncio.shield(task)
        if st.generation == generation and st.partial is not None and st.partial_samples >= needed:
            return st.partial
        snapshot = np.array(audio, dtype=np.float32, copy=True)
        final = await asyncio.to_thread(self.recognizer.transcribe, snapshot)
        if st.generation == generation:
            self._store(final, len(snapshot))
        return final

    async def _decode(self, audio: np.ndarray, generation: int) -> None:
        try:
            result = await asyncio.to_thread(self.recognizer.transcribe, audio)
        except Exception:  # a failed partial must not end the call; finalize will surface errors
            log.exception("partial decode of %.2f s failed", len(audio) / SAMPLE_RATE_HZ)
            result = None
        if generation == self.state.generation:
            if result is not None:
                self._store(result, len(audio))
            self._start_forced(generation)

    def _start_forced(self, generation: int) -> None:
        """Start the forced decode that ``schedule`` was asked for while this one ran (why: dropping it
        left the final decode to ``finalize``, ~150 ms later, in half the pauses; session 14)."""
        st = self.state
        get_audio, st.forced_waiting = st.forced_waiting, None
        if get_audio is None:
            return
        snapshot = np.array(get_audio(), dtype=np.float32, copy=True)
        if len(snapshot) <= st.scheduled_samples:
            return
        st.scheduled_samples = len(snapshot)
        st.in_flight = asyncio.create_task(self._decode(snapshot, generation))

    def _store(self, result: Transcript, n_samples: int) -> None:
        st = self.state
        if n_samples < st.partial_samples:
            return  # an older, shorter decode finishing late never replaces a newer one
        st.previous, st.partial, st.partial_samples = st.partial, result, n_samples
        st.decodes += 1
        st.decode_ms.append(result.compute_ms)
