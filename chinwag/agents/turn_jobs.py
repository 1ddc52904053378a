"""Small pieces the cascaded agent keeps per turn: reply jobs and background tasks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import numpy as np

from chinwag.agents.reply import TurnTiming
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.listen.incremental import IncrementalTranscriber
from chinwag.listen.types import Transcript
from chinwag.speak.playout import SpeechHandle

log = logging.getLogger(__name__)

TranscriberFactory = Callable[[], IncrementalTranscriber]


class RecognizerTimeoutError(TimeoutError):
    """The final decode of a turn took longer than the agent allows (``asr.timeout_s``)."""


async def final_transcript(transcriber: IncrementalTranscriber, audio: np.ndarray, speech_end_sample: int,
                           timeout_s: float) -> Transcript:
    """The turn's final words, within ``timeout_s`` of wall-clock time. Why a limit: the language model
    and the synthesizer have one, and a decode that hangs (a stuck thread, a pathological input) must
    end in an apology the caller hears, not in silence. The decode's thread cannot be stopped; it
    finishes in the background and the next decode queues behind it."""
    try:
        async with asyncio.timeout(timeout_s):
            return await transcriber.finalize(audio, speech_end_sample)
    except TimeoutError as exc:
        raise RecognizerTimeoutError(f"no transcript within {timeout_s:g} s "
                                     f"({len(audio) / SAMPLE_RATE_HZ:.1f} s of audio)") from exc


@dataclass
class ReplyJob:
    """A reply in flight: speculative until its turn is committed, then live until played out."""

    task: asyncio.Task[None]
    handle: SpeechHandle
    timing: TurnTiming
    transcript: str | None = None  # the final user transcript, once recognised
    transcript_event: dict[str, object] | None = None
    heard_words: str | None = None  # the transcript without words placed in the trailing silence
    heard_probability: float | None = None  # the recogniser's mean word probability for them
    last_word_probability: float | None = None  # ... and its probability for the last of them
    tail_logit: float | None = None  # how finished the speech sounded as it stopped (tail probe)
    cut_in: bool = False  # the caller's turn began by cutting the agent off (a barge-in)
    committed: bool = False
    final_emitted: bool = False
    turn_closed: bool = False  # the turn's audio was handed over (the reply has been heard a while)
    flow_before: Any = None  # dialogue state before this reply, to take it back if the caller went on
    history_len: int | None = None
    taken_back: bool = False


@dataclass(frozen=True)
class CutReply:
    """What a barge-in stopped the agent from saying, kept for the turn that stopped it: if that turn
    only acknowledges ("oh, lovely"), the agent goes on from the clause it was cut in."""

    # the clause being played at the cut and every clause after it that was already synthesized (a
    # language-model reply still being written at the cut ends where it had got to)
    rest: tuple[str, ...]
    next_turn: int  # the caller's turn that stopped it


class TaskTracker:
    """The agent's background tasks. A failure becomes an error report, never a silent loss."""

    def __init__(self, on_error: Callable[[str, BaseException], None]) -> None:
        self._on_error = on_error
        self._tasks: set[asyncio.Future[None]] = set()

    def spawn(self, coro: Coroutine[object, object, None], where: str = "agent") -> asyncio.Future[None]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self.watch(task, where)
        return task

    def watch(self, task: asyncio.Future[None], where: str) -> None:
        def done(t: asyncio.Future[None]) -> None:
            if not t.cancelled() and t.exception() is not None:
                exc = t.exception()
                assert exc is not None
                log.error("%s task failed: %r", where, exc)
                self._on_error(where, exc)

        task.add_done_callback(done)

    def pending(self) -> list[asyncio.Future[None]]:
        return [t for t in self._tasks if not t.done()]

    def all(self) -> list[asyncio.Future[None]]:
        return list(self._tasks)
