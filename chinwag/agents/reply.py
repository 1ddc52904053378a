"""One reply of the cascaded/hybrid agent: flow decision -> (LLM) -> guardrails -> TTS -> playout.

Written as a plain coroutine so cancelling it (barge-in, or the user resuming before a speculative
reply was released) stops every stage at once; anything still arriving for the cancelled handle is
dropped by the playout.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import aclosing
from dataclasses import dataclass, field

import numpy as np

from chinwag.agents.base import AgentContext
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.errors import ModelError
from chinwag.events import EventKind
from chinwag.speak.clauses import ClauseChunker, split_for_speech
from chinwag.speak.phrase_cache import split_opener
from chinwag.speak.playout import Playout, SpeechHandle
from chinwag.speak.types import SpeechStyle, Synthesizer
from chinwag.think.flow import Flow, FlowReply
from chinwag.think.guardrails import GuardrailPolicy, StreamingRedactor
from chinwag.think.llm import ChatMessage, LanguageModel, stream_tokens
from chinwag.think.repetition import RepetitionGuard

log = logging.getLogger(__name__)

SORRY_TEXT = "Sorry, I didn't catch that. Could you say it again?"
# Silence kept after an opener said on its own ("Great,"), before the next chunk's own ~50 ms lead-in:
# about the comma pause Piper makes inside "Great, on Tuesday".
OPENER_PAUSE_MS = 100.0


@dataclass
class ReplySettings:
    system_prompt: str
    llm_max_tokens: int = 48
    llm_temperature: float = 0.3
    llm_timeout_s: float = 8.0
    tts_timeout_s: float = 8.0
    asr_timeout_s: float = 8.0  # the final decode of a turn (see ``turn_jobs.final_transcript``)
    history_turns: int = 6
    style: SpeechStyle = field(default_factory=SpeechStyle)


@dataclass
class ReplyParts:
    flow: Flow
    llm: LanguageModel
    tts: Synthesizer
    guard: GuardrailPolicy
    settings: ReplySettings


@dataclass
class TurnTiming:
    turn: int
    speech_end_ms: float
    marks: dict[str, float] = field(default_factory=dict)

    def mark(self, ctx: AgentContext, stage: str) -> None:
        """Record the first time ``stage`` is reached, as ms after the end of the user's speech."""
        if stage in self.marks:
            return
        ms = ctx.clock.now_ms() - self.speech_end_ms
        self.marks[stage] = ms
        ctx.event(EventKind.LATENCY, stage=stage, ms=round(ms, 1), turn=self.turn)


async def speak_text(ctx: AgentContext, parts: ReplyParts, playout: Playout, handle: SpeechHandle,
                     text: str, timing: TurnTiming | None, keep_tail_ms: float | None = None) -> None:
    """Synthesize one chunk off the loop and queue it; a TTS failure is logged, never fatal.
    ``keep_tail_ms``: shorten the chunk's trailing silence to this (the next chunk brings its own)."""
    if not text.strip():
        return
    try:
        async with asyncio.timeout(parts.settings.tts_timeout_s):
            audio = await asyncio.to_thread(parts.tts.synthesize, text, parts.settings.style)
    except (TimeoutError, ModelError, RuntimeError, OSError) as exc:
        ctx.event(EventKind.ERROR, where="tts", message=f"{exc.__class__.__name__}: {exc}", text=text)
        return
    if timing is not None:
        timing.mark(ctx, "tts_first_audio")
    if handle.queued_samples == 0:
        audio = trim_leading_silence(audio)
    if keep_tail_ms is not None:
        audio = trim_trailing_silence(audio, keep_tail_ms)
    if playout.enqueue(handle, audio, text):
        ctx.event(EventKind.TTS_CHUNK, utterance_id=handle.utterance_id, text=text,
                  duration_ms=round(len(audio) / 16.0, 1))


LEAD_THRESHOLD = 0.01  # -40 dBFS
LEAD_KEEP_SAMPLES = 320  # keep 20 ms before the onset so it does not click


def trim_trailing_silence(audio: np.ndarray, keep_ms: float) -> np.ndarray:
    loud = np.flatnonzero(np.abs(audio) > LEAD_THRESHOLD)
    if loud.size == 0:
        return audio
    return audio[: int(loud[-1]) + 1 + int(keep_ms * SAMPLE_RATE_HZ / 1000)]


def trim_leading_silence(audio: np.ndarray) -> np.ndarray:
    """Voices start with ~50-150 ms of near-silence; playing it only adds to the caller's wait."""
    loud = np.flatnonzero(np.abs(audio) > LEAD_THRESHOLD)
    if loud.size == 0:
        return audio
    return audio[max(0, int(loud[0]) - LEAD_KEEP_SAMPLES):]


def _guarded(ctx: AgentContext, parts: ReplyParts, redactor: StreamingRedactor, piece: str) -> str:
    safe = redactor.push(piece)
    for decision in redactor.decisions:
        ctx.event(EventKind.GUARDRAIL, **decision.to_dict())
    redactor.decisions.clear()
    return safe


async def _speak_checked(ctx: AgentContext, parts: ReplyParts, playout: Playout, handle: SpeechHandle,
                         chunk: str, timing: TurnTiming) -> bool:
    """Speak one clause of the model's reply unless the guardrails block it; say whether it was."""
    if parts.guard.check_agent_text(chunk).blocked:
        ctx.event(EventKind.GUARDRAIL, action="dropped", text=chunk, where="agent")
        return False
    await speak_text(ctx, parts, playout, handle, chunk, timing)
    return True


async def _llm_small_talk(ctx: AgentContext, parts: ReplyParts, playout: Playout, handle: SpeechHandle,
                          reply: FlowReply, history: list[ChatMessage], timing: TurnTiming) -> None:
    s = parts.settings
    system = s.system_prompt + ("\n" + reply.llm_instruction if reply.llm_instruction else "")
    messages = [ChatMessage("system", system), *history[-2 * s.history_turns :]]
    ctx.event(EventKind.LLM_REQUEST, model=getattr(parts.llm, "name", "?"), turns=len(messages))
    chunker = ClauseChunker()
    redactor = parts.guard.streaming_redactor("agent")
    repeats = RepetitionGuard()
    spoke_any = False
    try:
        async with asyncio.timeout(s.llm_timeout_s), aclosing(
            stream_tokens(parts.llm, messages, max_tokens=s.llm_max_tokens,
                          temperature=s.llm_temperature, stop=["\n", "User:"])
        ) as pieces:
            async for piece in pieces:
                timing.mark(ctx, "llm_first_token")
                ctx.event(EventKind.LLM_TOKEN, text=piece)
                for chunk in chunker.push(_guarded(ctx, parts, redactor, piece)):
                    if repeats.is_repeat(chunk):
                        break
                    spoke_any |= await _speak_checked(ctx, parts, playout, handle, chunk, timing)
                if repeats.tripped:
                    break  # leaving ``aclosing`` stops the model's stream
    except (TimeoutError, ModelError) as exc:
        ctx.event(EventKind.ERROR, where="llm", message=f"{exc.__class__.__name__}: {exc}")
    ctx.event(EventKind.LLM_DONE)
    if not repeats.tripped:
        for chunk in chunker.push(redactor.flush()) + chunker.flush():
            if repeats.is_repeat(chunk):
                break
            spoke_any |= await _speak_checked(ctx, parts, playout, handle, chunk, timing)
    if repeats.tripped:
        log.info("reply cut: the language model repeated %r", repeats.repeated)
    follow_up = reply.follow_up or ("" if spoke_any else reply.text or SORRY_TEXT)
    for chunk in split_for_speech(follow_up):
        await speak_text(ctx, parts, playout, handle, chunk, timing)


async def produce_reply(ctx: AgentContext, parts: ReplyParts, playout: Playout, handle: SpeechHandle,
                        user_text: str, history: list[ChatMessage], timing: TurnTiming) -> FlowReply:
    """Decide what to say to ``user_text`` and stream it into ``handle``."""
    decision = parts.guard.check_user_text(user_text)
    if decision.blocked:
        ctx.event(EventKind.GUARDRAIL, **decision.to_dict())
        reply = FlowReply(text=decision.refusal or parts.guard.refusal, state=parts.flow.state)
    else:
        reply = parts.flow.handle(user_text)
    ctx.event(EventKind.FLOW_STATE, state=reply.state, slots=reply.slots, use_llm=reply.use_llm,
              end_call=reply.end_call)
    timing.mark(ctx, "decision")
    if reply.use_llm:
        await _llm_small_talk(ctx, parts, playout, handle, reply, history, timing)
    else:
        chunks = split_for_speech(reply.text)
        opener = split_opener(chunks[0]) if chunks else []
        if len(opener) == 2:  # "Great," alone first: it plays from the phrase cache while the rest is made
            await speak_text(ctx, parts, playout, handle, opener[0], timing, keep_tail_ms=OPENER_PAUSE_MS)
            chunks = [opener[1], *chunks[1:]]
        for chunk in chunks:
            await speak_text(ctx, parts, playout, handle, chunk, timing)
    playout.mark_complete(handle)
    return reply
