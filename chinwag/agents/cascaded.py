"""The cascaded agent: audio -> VAD + ASR -> text -> flow/LLM -> guarded text -> TTS -> audio.

Speed comes from overlapping the stages with the user's own speech rather than from any one model:
- the recogniser re-decodes the growing turn while the user talks, so little is left at the end;
- a *speculative* reply starts after a short pause (``preempt_ms``) and is held, not played, until the
  end of turn is committed (``end_of_turn_ms``); if the user goes on talking it is cancelled and the
  turn continues;
- replies are synthesized clause by clause and playback starts with the first clause.
Listening never stops: user speech over the agent's voice cancels the reply at once (barge-in) and the
history keeps only the words that were played.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass

import numpy as np

from chinwag.agents.base import AgentContext
from chinwag.agents.reply import ReplyParts, TurnTiming, produce_reply, speak_text
from chinwag.agents.user_speech import SpeechUpdate, UserSpeechTracker
from chinwag.audio.frames import Frame
from chinwag.events import EventKind
from chinwag.listen.incremental import IncrementalTranscriber
from chinwag.speak.playout import Playout, SpeechHandle
from chinwag.think.llm import ChatMessage

log = logging.getLogger(__name__)


@dataclass
class TurnSettings:
    preempt_ms: float = 200.0  # silence after which a speculative reply starts
    end_of_turn_ms: float = 500.0  # silence after which the reply is released
    min_turn_ms: float = 120.0  # shorter blips are ignored as noise
    greet: bool = True


@dataclass
class ReplyJob:
    """A reply in flight: speculative until its turn is committed, then live until played out."""

    task: asyncio.Task[None]
    handle: SpeechHandle
    timing: TurnTiming


TranscriberFactory = Callable[[], IncrementalTranscriber]


class CascadedAgent:
    architecture = "cascaded"

    def __init__(self, speech: UserSpeechTracker, new_transcriber: TranscriberFactory,
                 parts: ReplyParts, turn: TurnSettings | None = None) -> None:
        self.speech = speech
        self._new_transcriber = new_transcriber
        self.transcriber = new_transcriber()
        self.parts = parts
        self.turn = turn or TurnSettings()
        self.playout = Playout(self._on_playout)
        self.history: list[ChatMessage] = []
        self._ctx: AgentContext | None = None
        self._spec: ReplyJob | None = None  # reply prepared for the turn still open
        self._live: ReplyJob | None = None  # reply released to the caller
        self._background: set[asyncio.Future[None]] = set()
        self._turn_no = 0
        self.end_call_requested = False

    # -- Agent protocol -------------------------------------------------------------------------
    async def start(self, ctx: AgentContext) -> None:
        self._ctx = ctx
        if self.turn.greet:
            handle = self.playout.begin("greeting")
            self.playout.release(handle)
            self._spawn(self._say(handle, self.parts.flow.greeting()))

    def on_user_frame(self, frame: Frame) -> None:
        update = self.speech.step(frame)
        if update.started:
            self._on_speech_started()
        if not update.turn_active:
            return
        if update.silence_ms == 0.0:
            if self._spec is not None:  # speech again within the same turn, before the commit
                self._drop_spec("user resumed")
            self.transcriber.schedule(self.speech.turn_samples, self.speech.turn_audio)
        else:
            self._on_silence(update)

    def next_agent_frame(self, index: int) -> Frame:
        return self.playout.next_frame(index)

    async def settle(self) -> None:
        while True:
            pending = [f for f in self._background if not f.done()]
            pending += [j.task for j in (self._spec, self._live) if j is not None and not j.task.done()]
            in_flight = self.transcriber.state.in_flight
            if in_flight is not None and not in_flight.done():
                pending.append(in_flight)
            if not pending:
                return
            await asyncio.wait(pending)

    def is_active(self) -> bool:
        return self.playout.has_pending or any(
            j is not None and not j.task.done() for j in (self._spec, self._live)
        )

    def result(self) -> dict[str, object]:
        return self.parts.flow.result()

    async def close(self) -> None:
        tasks = [*self._background, *(j.task for j in (self._spec, self._live) if j is not None)]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        handle = self.playout.cancel()
        if handle is not None and handle.played_samples:
            self._record_truncation(handle, reason="session ended")

    # -- user side ------------------------------------------------------------------------------
    def _on_speech_started(self) -> None:
        ctx = self._require_ctx()
        ctx.event(EventKind.SPEECH_STARTED, stream="user")
        if self._spec is not None:
            # The user went on after a pause: drop the speculative reply and keep the turn open.
            self._drop_spec("user resumed")
        if self.playout.is_playing or self._live is not None:
            self._barge_in()

    def _barge_in(self) -> None:
        ctx = self._require_ctx()
        live, self._live = self._live, None
        if live is not None:
            live.task.cancel()
        handle = self.playout.cancel()
        if handle is None or not handle.played_samples:
            return
        ctx.event(EventKind.BARGE_IN, stream="user", utterance_id=handle.utterance_id,
                  played_ms=round(handle.played_ms, 1))
        self._record_truncation(handle, reason="barge-in")

    def _record_truncation(self, handle: SpeechHandle, reason: str) -> None:
        heard = handle.text_heard()
        self._require_ctx().event(EventKind.UTTERANCE_TRUNCATED, utterance_id=handle.utterance_id,
                                  text=handle.text, text_heard=heard, played_ms=round(handle.played_ms, 1),
                                  reason=reason)
        if heard:
            self.history.append(ChatMessage("assistant", heard + " ..."))

    def _on_silence(self, update: SpeechUpdate) -> None:
        if self._spec is None and update.silence_ms >= self.turn.preempt_ms:
            self._start_spec()
        if self._spec is not None and update.silence_ms >= self.turn.end_of_turn_ms:
            self._commit_turn()

    # -- agent side -----------------------------------------------------------------------------
    def _start_spec(self) -> None:
        ctx = self._require_ctx()
        end_ms = self.speech.last_speech_end_ms or ctx.clock.now_ms()
        start_ms = self.speech.turn_start_ms or end_ms
        if end_ms - start_ms < self.turn.min_turn_ms:
            self.speech.take_turn()  # a blip, not a turn
            self.transcriber = self._new_transcriber()
            return
        self._turn_no += 1
        if self.playout.is_playing:  # e.g. the greeting: the user spoke over it without a barge-in
            self._barge_in()
        timing = TurnTiming(self._turn_no, end_ms)
        handle = self.playout.begin(f"turn-{self._turn_no}")
        task = asyncio.create_task(self._reply(handle, timing, self.transcriber, self.speech.turn_audio()))
        self._spec = ReplyJob(task, handle, timing)

    def _commit_turn(self) -> None:
        ctx = self._require_ctx()
        job, self._spec = self._spec, None
        assert job is not None
        ctx.event(EventKind.TURN_END, stream="user", turn=job.timing.turn,
                  speech_end_ms=job.timing.speech_end_ms)
        job.timing.mark(ctx, "end_of_turn")
        self.playout.release(job.handle)
        self._live = job
        self.speech.take_turn()
        self.transcriber = self._new_transcriber()

    def _drop_spec(self, reason: str) -> None:
        job, self._spec = self._spec, None
        if job is None:
            return
        job.task.cancel()
        self.playout.cancel()
        self._turn_no -= 1
        self._require_ctx().event(EventKind.UTTERANCE_TRUNCATED, utterance_id=job.handle.utterance_id,
                                  text="", text_heard="", played_ms=0.0, reason=reason)

    async def _reply(self, handle: SpeechHandle, timing: TurnTiming, transcriber: IncrementalTranscriber,
                     audio: np.ndarray) -> None:
        ctx = self._require_ctx()
        try:
            transcript = await transcriber.finalize(audio)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the recogniser failed: say so rather than go quiet
            ctx.event(EventKind.ERROR, where="asr", message=f"{exc.__class__.__name__}: {exc}")
            await speak_text(ctx, self.parts, self.playout, handle, "Sorry, could you repeat that?", timing)
            self.playout.mark_complete(handle)
            return
        timing.mark(ctx, "asr_final")
        text, redactions = self.parts.guard.redact(transcript.text)
        ctx.event(EventKind.TRANSCRIPT_FINAL, stream="user", text=text, turn=timing.turn,
                  words=[] if redactions else transcript.to_dict()["words"],
                  asr_compute_ms=round(transcript.compute_ms, 1))
        if not text.strip():
            self.playout.mark_complete(handle)
            return
        self.history.append(ChatMessage("user", text))
        try:
            reply = await produce_reply(ctx, self.parts, self.playout, handle, text, self.history, timing)
        except asyncio.CancelledError:
            if self.history and self.history[-1].role == "user" and handle.played_samples == 0:
                self.history.pop()  # the turn was dropped before the agent said anything
            raise
        self.end_call_requested = self.end_call_requested or reply.end_call

    async def _say(self, handle: SpeechHandle, text: str) -> None:
        await speak_text(self._require_ctx(), self.parts, self.playout, handle, text, None)
        self.playout.mark_complete(handle)

    def _on_playout(self, what: str, handle: SpeechHandle, index: int) -> None:
        ctx = self._require_ctx()
        if what == "started":
            ctx.event(EventKind.UTTERANCE_STARTED, utterance_id=handle.utterance_id)
            if self._live is not None and handle is self._live.handle:
                self._live.timing.mark(ctx, "voice_to_voice")
        elif what == "finished":
            ctx.event(EventKind.UTTERANCE_FINISHED, utterance_id=handle.utterance_id, text=handle.text)
            self.history.append(ChatMessage("assistant", handle.text))
            if self._live is not None and handle is self._live.handle:
                self._live = None

    def _spawn(self, coro: Coroutine[object, object, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _require_ctx(self) -> AgentContext:
        if self._ctx is None:
            raise RuntimeError("the agent was used before start(); the session starts it")
        return self._ctx
