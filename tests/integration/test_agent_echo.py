"""Closed-loop echo: the caller's microphone hears the agent's own voice back (delayed, attenuated,
noisy), as from a loudspeaker without echo cancellation. With chinwag's AEC + gate on, the agent must
never interrupt itself, yet a real caller talking over it must still be heard."""

from __future__ import annotations

import asyncio
import dataclasses

import numpy as np
import pytest

from chinwag.agents.factory import ModelPool, build_agent
from chinwag.audio.clock import VirtualClock
from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, Frame, Stream
from chinwag.bench.caller_voices import DEV_VOICES, HELD_OUT_VOICES
from chinwag.bench.callers import speak
from chinwag.config import load_config
from chinwag.events import EventBus, EventKind
from chinwag.session import Session
from chinwag.speak.types import SpeechStyle

pytestmark = pytest.mark.integration


class EchoLoopSource:
    """User frames = caller audio + the agent's output ``delay_ms`` ago, times ``gain``, plus noise."""

    def __init__(self, caller: np.ndarray, delay_ms: int, gain: float, snr_noise: float, seed: int) -> None:
        self.caller = caller
        self.delay_frames = delay_ms // FRAME_MS
        self.gain = gain
        self.rng = np.random.default_rng(seed)
        self.noise = snr_noise
        self.agent_out: list[np.ndarray] = []

    def sink(self, user: Frame, agent: Frame) -> None:
        self.agent_out.append(agent.samples)

    async def next_frame(self, index: int) -> Frame | None:
        start = index * FRAME_SAMPLES
        if start >= len(self.caller):
            return None
        mic = np.zeros(FRAME_SAMPLES, dtype=np.float32)
        piece = self.caller[start:start + FRAME_SAMPLES]
        mic[: len(piece)] += piece
        j = index - self.delay_frames
        if 0 <= j < len(self.agent_out):
            mic += self.gain * self.agent_out[j]
        mic += self.noise * self.rng.standard_normal(FRAME_SAMPLES).astype(np.float32)
        return Frame(np.clip(mic, -1, 1), Stream.USER, index)


@pytest.fixture(scope="module")
def pool() -> ModelPool:
    config = load_config(None)
    config = dataclasses.replace(config, vad=dataclasses.replace(config.vad, echo_cancellation=True))
    return ModelPool.load(config)


@pytest.mark.parametrize(("delay_ms", "gain", "voice"), [(60, 0.5, DEV_VOICES[1]), (200, 0.8, HELD_OUT_VOICES[2])])
def test_agent_never_interrupts_itself_on_echo_but_hears_a_real_barge_in(pool: ModelPool, delay_ms: int,
                                                                         gain: float, voice) -> None:  # type: ignore[no-untyped-def]
    # a question the dialogue flow answers itself, at length (~7 s), so the agent is mid-answer at the barge-in
    question = speak("Where are you located?", voice)
    barge = speak("Sorry, stop, can I book a table for tomorrow instead?", voice)
    sr = 16000
    # Greeting (~3 s, echoing back), question at 4 s, the long answer echoes, barge-in 3 s into it.
    q_start = 4.0
    q_end = q_start + len(question) / sr
    barge_start = q_end + 3.5
    total = barge_start + len(barge) / sr + 4.0
    caller = np.zeros(int(total * sr), dtype=np.float32)
    caller[int(q_start * sr): int(q_start * sr) + len(question)] += question
    caller[int(barge_start * sr): int(barge_start * sr) + len(barge)] += barge
    source = EchoLoopSource(caller, delay_ms, gain, 0.003, seed=delay_ms)
    agent = build_agent("cascaded", pool)
    # Piper's voice varies run to run (noise_scale); a fixed voice makes the echo, and the test, repeatable
    agent.parts.settings.style = SpeechStyle(rate=agent.parts.settings.style.rate, expressiveness=0.0)
    bus = EventBus()
    session = Session(agent, VirtualClock(), bus)
    session.add_sink(source.sink)
    asyncio.run(session.run(source))
    suspected = [e.t_ms / 1000 for e in bus.history if e.kind is EventKind.INTERRUPTION_SUSPECTED]
    barge_end = barge_start + len(barge) / sr
    # Any suspicion while the real caller is talking is legitimate; outside it, it is the echo.
    false_alarms = [t for t in suspected if not (barge_start - 0.1 <= t <= barge_end)]
    assert not false_alarms, (false_alarms, barge_start)  # never interrupted by its own voice
    answered = [e for e in bus.history if e.kind is EventKind.UTTERANCE_STARTED
                and str(e.data.get("utterance_id", "")).startswith("turn-")]
    assert answered, "the question was not answered"
    assert any(barge_start <= t <= barge_start + 0.4 for t in suspected), (suspected, barge_start)
    assert any(e.kind is EventKind.BARGE_IN for e in bus.history)


def test_without_echo_cancellation_the_same_loop_does_interrupt_itself() -> None:
    """The control: proves the loop above really feeds the agent its own voice."""
    config = load_config(None)
    pool = ModelPool.load(config)  # echo_cancellation is off by default
    question = speak("Tell me about your vegetarian dishes, please.", DEV_VOICES[1])
    caller = np.zeros(16000 * 14, dtype=np.float32)
    caller[64000:64000 + len(question)] += question
    source = EchoLoopSource(caller, 60, 0.5, 0.003, seed=1)
    bus = EventBus()
    session = Session(build_agent("cascaded", pool), VirtualClock(), bus)
    session.add_sink(source.sink)
    asyncio.run(session.run(source))
    assert [e for e in bus.history if e.kind is EventKind.INTERRUPTION_SUSPECTED]
