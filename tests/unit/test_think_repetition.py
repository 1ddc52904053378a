"""Cutting a language-model reply that loops on one sentence, with a scripted fake model."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from chinwag.agents.base import AgentContext
from chinwag.agents.reply import ReplyParts, ReplySettings, TurnTiming, produce_reply
from chinwag.audio.clock import VirtualClock
from chinwag.events import Event, EventKind
from chinwag.speak.playout import Playout
from chinwag.think.flow import FlowReply
from chinwag.think.guardrails import GuardrailPolicy
from chinwag.think.llm import ChatMessage, LanguageModelCapabilities
from chinwag.think.repetition import RepetitionGuard, normalize_clause
from tests.fakes.agent_parts import FakeToneSynth

LOOP = "I'm so glad you're thinking of me."


class FakeScriptedModel:
    """Yields ``text`` word by word, then (``loop``) the same text again forever; records its close."""

    name = "fake-scripted"
    capabilities = LanguageModelCapabilities()

    def __init__(self, text: str, loop: bool = False) -> None:
        self.text = text
        self.loop = loop
        self.produced = 0
        self.closed = threading.Event()

    def stream_chat(self, messages: list[ChatMessage], **kw: object) -> Iterator[str]:
        pieces = [w if i == 0 else " " + w for i, w in enumerate(self.text.split())]
        try:
            while True:
                for piece in pieces:
                    self.produced += 1
                    yield piece
                    time.sleep(0.001)
                if not self.loop:
                    return
                yield " "
        finally:
            self.closed.set()


class FakeSmallTalkFlow:
    """Hands every turn to the language model, with nothing to say after it."""

    state = "small_talk"

    def greeting(self) -> str:
        return ""

    def handle(self, user_text: str) -> FlowReply:
        return FlowReply(text="", use_llm=True, state=self.state)

    def result(self) -> dict[str, Any]:
        return {}

    def reset(self) -> None:
        pass


async def reply_with(model: FakeScriptedModel) -> tuple[list[str], list[Event]]:
    """Run one LLM reply through the cascaded agent's reply path; return spoken texts and events."""
    synth = FakeToneSynth()
    events: list[Event] = []
    ctx = AgentContext(VirtualClock(), events.append, "test")
    parts = ReplyParts(FakeSmallTalkFlow(), model, synth, GuardrailPolicy.load(),
                       ReplySettings(system_prompt="test", llm_timeout_s=3.0))
    playout = Playout()
    await produce_reply(ctx, parts, playout, playout.begin("u1"), "hi", [ChatMessage("user", "hi")],
                        TurnTiming(turn=1, speech_end_ms=0.0))
    return synth.texts, events


async def test_looping_reply_is_cut_after_the_first_copy_and_the_model_stopped() -> None:
    model = FakeScriptedModel("Oh, how lovely! " + LOOP, loop=True)
    spoken, events = await reply_with(model)
    assert spoken == ["Oh, how lovely!", LOOP]
    assert model.closed.wait(2.0), "the model's stream was not closed"
    assert not [e for e in events if e.kind == EventKind.ERROR], "stopped by the timeout, not the guard"


@pytest.mark.parametrize("text", [
    "Yes, yes, I remember you. We are open until ten tonight. Sure! See you then. Sure!",
    "No, no, no, that is fine, that is fine by me.",
])
async def test_a_normal_reply_passes_untouched(text: str) -> None:
    model = FakeScriptedModel(text)
    spoken, _ = await reply_with(model)
    assert " ".join(spoken) == text
    assert model.closed.is_set()


def test_normalize_ignores_case_punctuation_and_spacing() -> None:
    assert normalize_clause("  I'm SO glad,   you're thinking of me!! ") == "i'm so glad you're thinking of me"
    assert normalize_clause("I’m here.") == "i'm here"


def test_guard_trips_on_first_repeat_and_stays_tripped() -> None:
    guard = RepetitionGuard()
    assert not guard.is_repeat("I'm so glad you're thinking of me.")
    assert not guard.is_repeat("Tell me more.")
    assert guard.is_repeat("i'm so glad, you're thinking of me")
    assert guard.tripped and guard.repeated == "i'm so glad, you're thinking of me"
    assert guard.is_repeat("Something new.")


def test_short_clauses_trip_only_on_a_run_of_three() -> None:
    guard = RepetitionGuard()
    assert [guard.is_repeat(c) for c in ["Sure!", "Okay.", "Sure!", "Okay.", "Okay."]] == [False] * 5
    assert guard.is_repeat("Okay.")
