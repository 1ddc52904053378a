"""The default cascaded agent end to end with the real embedded models, on the virtual clock:
callers synthesized locally (Piper and espeak-ng voices), recognised by Whisper, answered by the flow,
guarded, spoken by Piper and recorded in SQLite."""

from __future__ import annotations

import numpy as np
import pytest

from chinwag.agents.factory import ModelPool, build_agent
from chinwag.audio.io import LoadedAudio
from chinwag.bench.caller_voices import DEV_VOICES, HELD_OUT_VOICES
from chinwag.bench.callers import Scenario, Turn, render_scenario
from chinwag.config import load_config
from chinwag.conversation import run_conversation
from chinwag.events import EventKind
from chinwag.record.store import RecordStore

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pool() -> ModelPool:
    return ModelPool.load(load_config(None))


def run(pool: ModelPool, scenario: Scenario, voice, sinks=None):  # type: ignore[no-untyped-def]
    caller = render_scenario(scenario, voice, seed=3)
    agent = build_agent("cascaded", pool)
    result = _run(agent, caller.samples, sinks)
    return result, caller


def _run(agent, samples: np.ndarray, sinks):  # type: ignore[no-untyped-def]
    import asyncio

    return asyncio.run(run_conversation(agent, LoadedAudio(samples, 16000, 1), fast=True, extra_sinks=sinks))


def agent_said(result) -> str:  # type: ignore[no-untyped-def]
    return " ".join(e.data.get("text", "") for e in result.events if e.kind is EventKind.TTS_CHUNK).lower()


# Piper-voiced callers: Whisper tiny.en drops words of the robotic espeak voices too often for a strict
# slot check (e.g. "tomorrow at eight?" -> "tomorrow?"); espeak voices are scored in the benchmarks.
@pytest.mark.parametrize("voice", [DEV_VOICES[0], HELD_OUT_VOICES[1]], ids=lambda v: v.name)
def test_booking_call_fills_the_slots_from_speech(pool: ModelPool, voice) -> None:  # type: ignore[no-untyped-def]
    scenario = Scenario("short-booking", (
        Turn(3.5, "Hi, can I book a table for two people tomorrow at eight?"),
        Turn(6.0, "My name is Peter Jones."),
        Turn(6.0, "Yes, that's right."),
    ), {})
    result, caller = run(pool, scenario, voice)
    finals = [e.data["text"].lower() for e in result.events if e.kind is EventKind.TRANSCRIPT_FINAL]
    assert any("table" in t and ("two" in t or "2" in t) for t in finals), finals
    slots = result.result["slots"]
    assert slots["party_size"] == 2, result.result
    assert slots["time"] == "20:00", result.result
    assert "jones" in (slots.get("name") or "").lower(), result.result
    assert result.result["status"] == "booked", result.result
    # Every caller turn was answered: an agent utterance started after each turn ended.
    starts = [e.t_ms / 1000 for e in result.events if e.kind is EventKind.UTTERANCE_STARTED]
    for _, end_s in caller.turn_spans_s:
        assert any(end_s < s < end_s + 3.0 for s in starts), (end_s, starts)


def test_guardrail_refuses_blocked_topic_and_redacts_card_numbers(pool: ModelPool, tmp_path) -> None:
    scenario = Scenario("guarded", (
        Turn(3.5, "Can you give me medical advice about my medication?"),
        Turn(7.0, "My card number is 4111 1111 1111 1111."),
    ), {})
    store = RecordStore(f"sqlite:///{tmp_path / 'rec.db'}")
    store.start_session("guarded1", "cascaded", {})
    result, _ = run(pool, scenario, DEV_VOICES[0], sinks=[store.event_sink("guarded1")])
    store.end_session("guarded1", "completed", result.result, result.latency)
    said = agent_said(result)
    assert "medical advice" in said  # the topic's own refusal line
    guard_events = [e for e in result.events if e.kind is EventKind.GUARDRAIL]
    assert any(e.data.get("category") == "topic" or "medical" in str(e.data) for e in guard_events)
    record = store.get_session("guarded1")
    stored = " ".join(line.text for line in record.transcript)
    assert "4111" not in stored and "1111 1111" not in stored
    store.close()


def test_caller_speaking_over_the_agent_stops_it(pool: ModelPool) -> None:
    # The reply to a menu question is long; the caller talks over it about 1 s after it starts.
    first = render_scenario(Scenario("q", (Turn(2.0, "What vegetarian dishes do you have?"),), {}),
                            DEV_VOICES[1], tail_s=0.0)
    second = render_scenario(Scenario("i", (Turn(0.0, "Sorry, actually, can I book a table for tomorrow?"),), {}),
                             DEV_VOICES[1], tail_s=4.0)
    # The agent answers ~0.3-2.5 s after the question ends; interrupt 2.5 s after the question.
    gap = np.zeros(int(2.5 * 16000), dtype=np.float32)
    samples = np.concatenate([first.samples, gap, second.samples])
    agent = build_agent("cascaded", pool)
    agent.turn.greet = False  # type: ignore[attr-defined]
    result = _run(agent, samples, None)
    barge = [e for e in result.events if e.kind is EventKind.BARGE_IN]
    assert barge, [e.kind for e in result.events]
    truncated = [e for e in result.events if e.kind is EventKind.UTTERANCE_TRUNCATED and e.data.get("played_ms")]
    assert truncated and len(truncated[0].data["text_heard"]) < len(truncated[0].data["text"])
    onset_s = (len(first.samples) + len(gap)) / 16000
    agent_track = result.stereo[:, 1]
    after = agent_track[int((onset_s + 0.4) * 16000): int((onset_s + 1.5) * 16000)]
    assert np.abs(after).max() < 0.01  # silent while the caller holds the floor
