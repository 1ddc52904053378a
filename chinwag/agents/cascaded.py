"""The cascaded agent: audio -> VAD + ASR -> text -> flow/LLM -> guarded text -> TTS -> audio.

Speed comes from overlapping the stages with the user's own speech rather than from any one model:
- the recogniser re-decodes the growing turn while the user talks, so little is left at the end;
- a *speculative* reply starts after a short pause (``preempt_ms``) and is held, not played, until the
  end of turn is committed (``end_of_turn_ms``); if the user goes on talking it is cancelled and the
  turn continues;
- replies are synthesized clause by clause and playback starts with the first clause.
The turn ends when the end-of-turn predictor (prosody + words + pause) says so, not after a fixed
silence. Listening never stops: user speech over the agent's voice pauses it at once; the interruption
judge then makes it a barge-in (the reply is dropped, the history keeps only the words played) or
resumes where it stopped (a backchannel, a cough). During long user turns the agent backchannels.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import random

import numpy as np

from chinwag.agents.base import AgentContext
from chinwag.agents.floor_parts import FloorParts
from chinwag.agents.overlap import OverlapHandling
from chinwag.agents.reply import ReplyParts, TurnTiming, produce_reply, speak_text
from chinwag.agents.turn_gate import answer_threshold, decide, hold_reading, read_tail
from chinwag.agents.turn_jobs import ReplyJob, TaskTracker, TranscriberFactory, final_transcript
from chinwag.agents.user_speech import SpeechUpdate, UserSpeechTracker
from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, Frame
from chinwag.events import EventKind
from chinwag.listen.heard import last_word_probability, mean_probability, words_before
from chinwag.listen.incremental import IncrementalTranscriber
from chinwag.listen.types import Transcript
from chinwag.speak.playout import Playout, SpeechHandle
from chinwag.think.llm import ChatMessage

log = logging.getLogger(__name__)


class CascadedAgent(OverlapHandling):
    architecture = "cascaded"

    def __init__(self, speech: UserSpeechTracker, new_transcriber: TranscriberFactory,
                 parts: ReplyParts, floor: FloorParts) -> None:
        self.speech = speech
        self._new_transcriber = new_transcriber
        self.transcriber = new_transcriber()
        self.parts = parts
        self.floor = floor
        self.turn = floor.turn
        self.playout = Playout(self._on_playout)
        self.history: list[ChatMessage] = []
        self._ctx: AgentContext | None = None
        self._spec: ReplyJob | None = None  # reply prepared for the turn still open
        self._live: ReplyJob | None = None  # reply released to the caller
        self._tasks = TaskTracker(self._report_error)
        self._turn_no = 0
        self._turn_speech_ms = 0.0
        self._rng = random.Random(0)
        self._echo_reference = np.zeros(FRAME_SAMPLES, dtype=np.float32)
        self._answer_over_question: tuple[str, int] | None = None  # (words, index of the clause said over)
        self.end_call_requested = False

    # -- Agent protocol -------------------------------------------------------------------------
    async def start(self, ctx: AgentContext) -> None:
        self._ctx = ctx
        if self.turn.greet:
            handle = self.playout.begin("greeting")
            self.playout.release(handle)
            self._tasks.spawn(self._say(handle, self.parts.flow.greeting()), "greeting")

    def on_user_frame(self, frame: Frame) -> None:
        update = self._listen(frame)
        voiced = self.floor.prosody.step(frame.samples).voiced
        self._track_floor(update)
        if self.floor.judge.active:
            self._judge(update, voiced)
            return
        if self._acknowledged_ms is not None:
            self._follow_acknowledged(update)
            return
        if update.started:
            self._on_speech_started()
            if self.floor.judge.active:
                return
        elif update.voice and self.playout.is_playing and not self.playout.paused:
            self._voice_over_reply()  # speech that outlasted an earlier verdict, or never paused
            return
        if not update.turn_active:
            return
        if update.silence_ms == 0.0:
            self._turn_speech_ms += FRAME_MS
            self.floor.backchannels.on_speech()
            if self._spec is not None:  # speech again within the same turn, before the commit
                self._drop_spec("user resumed")
            self.transcriber.schedule(self.speech.turn_samples, self.speech.turn_audio)
        else:
            if update.silence_ms <= FRAME_MS:  # first quiet frame: decode now, little is left later
                self.transcriber.schedule(self.speech.turn_samples, self.speech.turn_audio, force=True)
            self._on_silence(update)

    def next_agent_frame(self, index: int) -> Frame:
        frame = self.playout.next_frame(index)
        self._echo_reference = frame.samples
        live = self._live
        if live is not None and not live.turn_closed and live.handle.played_ms >= self.turn.merge_window_ms:
            self._close_live_turn(live)
        return frame

    def _close_live_turn(self, live: ReplyJob) -> None:
        """The reply has been heard for a while: its turn is answered, later speech is a new turn."""
        live.turn_closed = True
        self._close_turn()

    def _listen(self, frame: Frame) -> SpeechUpdate:
        """VAD + turn audio, with the agent's own voice taken out when echo cancellation is on."""
        aec, gate = self.floor.echo_canceller, self.floor.echo_gate
        if aec is None or gate is None:
            return self.speech.step(frame)
        reference = self._echo_reference
        cleaned = aec.process(frame.samples, reference)
        decision = gate.step(frame.samples, reference, cleaned)
        return self.speech.step(Frame(cleaned, frame.stream, frame.index), vad_samples=frame.samples,
                                speech_allowed=not decision.echo_likely)

    async def settle(self) -> None:
        while True:
            pending = self._tasks.pending()
            pending += [j.task for j in (self._spec, self._live) if j is not None and not j.task.done()]
            in_flight = self.transcriber.state.in_flight
            if in_flight is not None and not in_flight.done():
                pending.append(in_flight)
            if not pending:
                return
            await asyncio.wait(pending)

    def is_active(self) -> bool:
        return self.playout.has_pending or self.playout.overlay_playing or any(
            j is not None and not j.task.done() for j in (self._spec, self._live)
        )

    def result(self) -> dict[str, object]:
        return self.parts.flow.result()

    async def close(self) -> None:
        tasks = [*self._tasks.all(), *(j.task for j in (self._spec, self._live) if j is not None)]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        handle = self.playout.cancel()
        if handle is not None and handle.played_samples:
            self._record_truncation(handle, reason="session ended")

    # -- floor ----------------------------------------------------------------------------------
    def _track_floor(self, update: SpeechUpdate) -> None:
        new = self.floor.floor.update(update.in_speech, self.playout.is_audible)
        if new is not None:
            self._require_ctx().event(EventKind.FLOOR, stream="session", state=str(new))

    def _on_speech_started(self) -> None:
        ctx = self._require_ctx()
        ctx.event(EventKind.SPEECH_STARTED, stream="user")
        if self._spec is not None:
            self._drop_spec("user resumed")
        if self._in_merge_window() or (self.playout.is_playing and not self.playout.paused):
            self._voice_over_reply()

    def _in_merge_window(self) -> bool:
        """A reply was released for this turn and has played less than ``merge_window_ms``."""
        live = self._live
        return live is not None and not live.turn_closed and live.handle.played_ms < self.turn.merge_window_ms

    def _voice_over_reply(self) -> None:
        if self._in_merge_window():
            self._withdraw_live()  # the agent had barely begun: the caller simply went on with the turn
        else:
            self._suspect_interruption()

    def _turn_words(self) -> tuple[str, bool]:
        if self._spec is not None and self._spec.heard_words is not None:
            return self._spec.heard_words, True
        partial = self.transcriber.partial
        return (partial.text, False) if partial is not None else ("", False)

    def _on_silence(self, update: SpeechUpdate) -> None:
        ctx = self._require_ctx()
        pause_ms = update.pause_ms  # from the acoustic end: the VAD's own end trails it by ~100 ms
        if self._live is not None and not self._live.turn_closed:
            return  # the reply is on its way or just begun; the turn is not over twice
        if self._spec is None and pause_ms >= self.turn.preempt_ms:
            self._start_spec()
        words, final = self._turn_words()
        prosody = self.floor.prosody.features()
        p_end = self.floor.end_of_turn.probability(prosody, words, pause_ms, final)
        bank = self.floor.backchannel_bank
        answer_at = answer_threshold(self.floor)
        # Not in a turn that cut the agent off: that caller made a bid for the floor and is answered
        # within a breath (a "right" 40 ms before the answer was seen once the hold model could end such turns)
        may_backchannel = not self.playout.is_audible and not (self._spec is not None and self._spec.cut_in)
        if bank is not None and may_backchannel and self.floor.backchannels.should_backchannel(
                ctx.clock.now_ms(), self._turn_speech_ms, pause_ms, p_end, answer_at):
            picked = bank.pick(self._rng)
            if picked is not None:
                self.playout.overlay(picked[1])
                ctx.event(EventKind.BACKCHANNEL, text=picked[0], p_end_of_turn=round(p_end, 3))
        if self._spec is None:
            return
        reason = decide(self.floor, self._spec, words, final, pause_ms, p_end, prosody)
        if reason is not None:
            reading = hold_reading(self.floor, self._spec, words, final, prosody, cut_in_ok=True)
            self._commit_turn(p_end, reason, reading, pause_ms)

    # -- agent side -----------------------------------------------------------------------------
    def _start_spec(self) -> None:
        ctx = self._require_ctx()
        end_ms = self.speech.acoustic_end_ms or ctx.clock.now_ms()
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
        job_audio = self.speech.turn_audio()
        task = asyncio.create_task(self._reply(handle, timing, self.transcriber, job_audio,
                                               self.speech.speech_end_sample, self.speech.acoustic_end_sample))
        self._tasks.watch(task, "reply")
        self._spec = ReplyJob(task, handle, timing, cut_in=self._barge_in_turn == self._turn_no)

    def _commit_turn(self, p_end: float, reason: str, hold_logit: float | None, pause_ms: float) -> None:
        ctx = self._require_ctx()
        job, self._spec = self._spec, None
        assert job is not None
        ctx.event(EventKind.TURN_END, stream="user", turn=job.timing.turn, speech_end_ms=job.timing.speech_end_ms,
                  p_end_of_turn=round(p_end, 3), reason=reason, cut_in=job.cut_in, pause_ms=round(pause_ms),
                  tail_logit=_rounded(job.tail_logit, 2), hold_logit=_rounded(hold_logit, 2),
                  last_word_probability=_rounded(job.last_word_probability, 3),
                  heard_probability=_rounded(job.heard_probability, 3))
        job.timing.mark(ctx, "end_of_turn")
        self.playout.release(job.handle)
        job.committed = True
        self._live = job
        self._emit_transcript(job)
        if job.task.done() and job.handle.queued_samples == 0:
            self._close_turn()  # nothing to say (noise, an empty transcript): the turn is over
        # The turn's audio is kept until the reply is heard: if the caller goes on before that, it
        # was one turn after all, and the next reply hears all of it.

    def _emit_transcript(self, job: ReplyJob) -> None:
        """A speculative reply's transcript is only a partial; it is final once the turn is committed."""
        if job.transcript_event is None or job.final_emitted:
            return
        ctx = self._require_ctx()
        if job.committed:
            job.final_emitted = True
            ctx.event(EventKind.TRANSCRIPT_FINAL, stream="user", **job.transcript_event)
        else:
            ctx.event(EventKind.TRANSCRIPT_PARTIAL, stream="user", speculative=True, **job.transcript_event)

    def _close_turn(self) -> None:
        """The turn has been answered (or had nothing to answer): listen for the next one."""
        self.speech.take_turn()
        self.transcriber = self._new_transcriber()
        self._turn_speech_ms = 0.0

    def _close_if_silent(self, handle: SpeechHandle) -> None:
        if handle.queued_samples == 0 and self._live is not None and self._live.handle is handle:
            self._live = None
            self._close_turn()

    def _answer_now(self, text: str) -> None:
        """Reply to words already recognised (said over the agent's question), with no new audio."""
        ctx = self._require_ctx()
        self._turn_no += 1
        timing = TurnTiming(self._turn_no, ctx.clock.now_ms())
        handle = self.playout.begin(f"turn-{self._turn_no}")
        self.playout.release(handle)
        task = asyncio.create_task(self._reply(handle, timing, None, None, 0, known_text=text))
        self._tasks.watch(task, "reply")
        self._live = ReplyJob(task, handle, timing, committed=True)

    def _drop_spec(self, reason: str) -> None:
        job, self._spec = self._spec, None
        if job is None:
            return
        job.task.cancel()
        self.playout.cancel()
        self._turn_no -= 1
        self._require_ctx().event(EventKind.UTTERANCE_TRUNCATED, utterance_id=job.handle.utterance_id,
                                  text="", text_heard="", played_ms=0.0, reason=reason)

    async def _reply(self, handle: SpeechHandle, timing: TurnTiming, transcriber: IncrementalTranscriber | None,
                     audio: np.ndarray | None, speech_end_sample: int, acoustic_end_sample: int = 0,
                     known_text: str | None = None) -> None:
        ctx = self._require_ctx()
        try:
            if known_text is not None or transcriber is None or audio is None:
                transcript = Transcript(known_text or "")
            else:
                transcript = await final_transcript(transcriber, audio, speech_end_sample,
                                                    self.parts.settings.asr_timeout_s)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the recogniser failed or took too long: say so rather than go quiet
            ctx.event(EventKind.ERROR, where="asr", message=f"{exc.__class__.__name__}: {exc}")
            await speak_text(ctx, self.parts, self.playout, handle, "Sorry, could you repeat that?", timing)
            self.playout.mark_complete(handle)
            return
        timing.mark(ctx, "asr_final")
        tail = await read_tail(self.floor.tail_probe, transcriber.recognizer if transcriber else None, transcript,
                               audio, acoustic_end_sample or speech_end_sample)
        text, redactions = self.parts.guard.redact(transcript.text)
        data: dict[str, object] = {"text": text, "turn": timing.turn,
                                   "words": [] if redactions else transcript.to_dict()["words"],
                                   "asr_compute_ms": round(transcript.compute_ms, 1)}
        for job in (self._spec, self._live):
            if job is not None and job.handle is handle:
                job.transcript, job.transcript_event = transcript.text, data
                job.heard_probability = mean_probability(transcript.words)
                job.last_word_probability = last_word_probability(transcript,
                                                                  acoustic_end_sample or speech_end_sample)
                job.tail_logit = tail
                self._publish_heard_words(job, words_before(transcript, acoustic_end_sample or speech_end_sample))
                self._emit_transcript(job)
        if not text.strip():
            self.playout.mark_complete(handle)
            self._close_if_silent(handle)
            return
        job = next((j for j in (self._spec, self._live) if j is not None and j.handle is handle), None)
        if job is not None:
            job.flow_before, job.history_len = copy.deepcopy(self.parts.flow), len(self.history)
        self.history.append(ChatMessage("user", text))
        rest = self._resume_after_acknowledgement(handle, timing.turn, text, mean_probability(transcript.words))
        try:
            if rest is not None:  # the caller only acknowledged the reply a barge-in cut: go on with it
                await self._say_rest(handle, rest, timing)
            else:
                reply = await produce_reply(ctx, self.parts, self.playout, handle, text, self.history, timing)
                self.end_call_requested = self.end_call_requested or reply.end_call
        except asyncio.CancelledError:
            if handle.played_samples == 0 and job is not None:  # dropped before anything was said
                self._take_back(job)
            raise
        self._close_if_silent(handle)

    def _publish_heard_words(self, job: ReplyJob, heard: str) -> None:
        """Final words reach the end-of-turn model once the LM has scored them (in a thread, not here)."""
        completion = getattr(self.floor.end_of_turn, "completion", None)
        if completion is None or completion.cached(heard) is not None:
            job.heard_words = heard
            return

        async def score() -> None:
            await asyncio.to_thread(completion.p_complete, heard)
            job.heard_words = heard

        self._tasks.spawn(score(), "completion score")

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
                if not self._live.turn_closed:
                    self._close_live_turn(self._live)
                self._live = None
            answer, self._answer_over_question = self._answer_over_question, None
            if answer is not None and self._spec is None and handle.is_closing_question(answer[1]):
                # "Yes." said over "...shall I book it?" was the answer, not a backchannel.
                self._answer_now(answer[0])

    def _report_error(self, where: str, exc: BaseException) -> None:
        self._require_ctx().event(EventKind.ERROR, where=where, message=f"{type(exc).__name__}: {exc}")

    def _require_ctx(self) -> AgentContext:
        if self._ctx is None:
            raise RuntimeError("the agent was used before start(); the session starts it")
        return self._ctx


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
