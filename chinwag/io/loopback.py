"""A loopback agent: it repeats each thing you say, after you stop, and stops when you interrupt it.

It needs no models, so it checks the whole live path (microphone, resampling, jitter buffers,
barge-in flushes, records) in isolation: if the loopback sounds right, the transport is right. Tests
use it as their agent; ``transcribe`` (any blocking ``audio -> text``) fills the transcript lane.
It follows the full-duplex rules of the real agents: it listens while it talks, and user speech
during its own turn is a barge-in that cuts its audio at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field

import numpy as np

from chinwag.agents.base import AgentContext
from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, Frame, Stream, silence
from chinwag.events import EventKind

Transcribe = Callable[[np.ndarray], str]


@dataclass
class LoopbackSettings:
    speech_rms: float = 0.01  # about -40 dBFS: above it a frame counts as speech
    start_frames: int = 3  # 60 ms of speech starts an utterance
    end_silence_ms: int = 500  # this much silence ends it
    reply_delay_ms: int = 200  # pause before the echo, like a person taking a breath
    barge_in_ms: int = 160  # user speech this long while the agent talks interrupts it
    preroll_frames: int = 5


@dataclass
class LoopbackState:
    """Per-call streaming state; ``reset`` between calls."""

    speech_run: int = 0
    silence_run: int = 0
    in_speech: bool = False
    recent: list[np.ndarray] = field(default_factory=list)  # pre-roll before speech starts
    utterance: list[np.ndarray] = field(default_factory=list)
    speech_end_ms: float = 0.0
    reply: np.ndarray | None = None
    reply_pos: int = 0
    reply_due_index: int = -1
    utterance_id: int = 0

    def reset(self) -> None:
        fresh = LoopbackState()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))


class LoopbackAgent:
    architecture = "loopback"

    def __init__(self, transcribe: Transcribe | None = None,
                 settings: LoopbackSettings | None = None) -> None:
        self.settings = settings or LoopbackSettings()
        self.state = LoopbackState()
        self._transcribe = transcribe
        self._ctx: AgentContext | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._turns = 0
        self._barge_ins = 0

    async def start(self, ctx: AgentContext) -> None:
        self._ctx = ctx
        self.state.reset()

    def _event(self, kind: EventKind, stream: str = "agent", **data: object) -> None:
        if self._ctx is not None:
            self._ctx.event(kind, stream, **data)

    @property
    def speaking(self) -> bool:
        return self.state.reply is not None and self.state.reply_pos < len(self.state.reply)

    def on_user_frame(self, frame: Frame) -> None:
        s, cfg = self.state, self.settings
        loud = float(np.sqrt(np.mean(np.square(frame.samples)))) > cfg.speech_rms
        s.speech_run = s.speech_run + 1 if loud else 0
        s.silence_run = 0 if loud else s.silence_run + 1
        if s.in_speech:
            s.utterance.append(frame.samples)
        else:
            s.recent = [*s.recent[-cfg.preroll_frames:], frame.samples]
        if not s.in_speech and s.speech_run >= cfg.start_frames:
            s.in_speech = True
            s.utterance = list(s.recent)
            self._event(EventKind.SPEECH_STARTED, "user")
            if not self.speaking:
                self._event(EventKind.FLOOR, "session", holder="user")
        if s.in_speech and self.speaking and s.speech_run * FRAME_MS >= cfg.barge_in_ms:
            self._barge_in()
        if s.in_speech and s.silence_run * FRAME_MS >= cfg.end_silence_ms:
            self._end_of_utterance(frame.index)

    def _barge_in(self) -> None:
        s = self.state
        played_ms = round(s.reply_pos * 1000 / 16_000)
        self._barge_ins += 1
        self._event(EventKind.BARGE_IN, "user", utterance_id=s.utterance_id, played_ms=played_ms)
        self._event(EventKind.UTTERANCE_TRUNCATED, utterance_id=s.utterance_id, played_ms=played_ms)
        self._event(EventKind.FLOOR, "session", holder="user")
        s.reply, s.reply_pos = None, 0

    def _end_of_utterance(self, index: int) -> None:
        s = self.state
        audio = np.concatenate(s.utterance)
        trailing = s.silence_run * FRAME_SAMPLES
        speech = audio[: max(FRAME_SAMPLES, len(audio) - trailing + 4 * FRAME_SAMPLES)]
        s.in_speech, s.utterance = False, []
        if self._ctx is not None:
            s.speech_end_ms = self._ctx.clock.now_ms() - s.silence_run * FRAME_MS
        self._turns += 1
        self._event(EventKind.SPEECH_STOPPED, "user", duration_ms=round(len(speech) / 16))
        self._event(EventKind.TURN_END, "user", turn=self._turns)
        self._spawn(self._transcript(speech, self._turns))
        if not self.speaking:
            s.utterance_id += 1
            s.reply, s.reply_pos = speech, 0
            s.reply_due_index = index + self.settings.reply_delay_ms // FRAME_MS

    async def _transcript(self, audio: np.ndarray, turn: int) -> None:
        if self._transcribe is None:
            text = f"({len(audio) / 16_000:.1f} s of speech)"
        else:
            text = (await asyncio.to_thread(self._transcribe, audio)).strip()
        self._event(EventKind.TRANSCRIPT_FINAL, "user", text=text, turn=turn)

    def _spawn(self, coro: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def next_agent_frame(self, index: int) -> Frame:
        s = self.state
        if s.reply is None or index < s.reply_due_index:
            return silence(Stream.AGENT, index)
        if s.reply_pos == 0:
            self._event(EventKind.UTTERANCE_STARTED, utterance_id=s.utterance_id,
                        samples=len(s.reply), text="(echo)")
            self._event(EventKind.FLOOR, "session", holder="agent")
            if self._ctx is not None:
                self._event(EventKind.LATENCY, stage="voice_to_voice",
                            ms=round(self._ctx.clock.now_ms() - s.speech_end_ms, 1), turn=self._turns)
        chunk = np.zeros(FRAME_SAMPLES, dtype=np.float32)
        part = s.reply[s.reply_pos : s.reply_pos + FRAME_SAMPLES]
        chunk[: len(part)] = part
        s.reply_pos += FRAME_SAMPLES
        if s.reply_pos >= len(s.reply):
            self._event(EventKind.UTTERANCE_FINISHED, utterance_id=s.utterance_id)
            self._event(EventKind.FLOOR, "session", holder="none")
            s.reply, s.reply_pos = None, 0
        return Frame(chunk, Stream.AGENT, index)

    async def settle(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def is_active(self) -> bool:
        return self.speaking or self.state.reply is not None

    def result(self) -> dict[str, object]:
        return {"turns": self._turns, "barge_ins": self._barge_ins}

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
