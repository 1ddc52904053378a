"""The loopback agent on the virtual clock: the same script gives the same conversation every run."""

from __future__ import annotations

import numpy as np

from chinwag.audio.clock import VirtualClock
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.events import EventBus, EventKind
from chinwag.io.loopback import LoopbackAgent
from chinwag.session import FileSource, Session, StereoRecorder


def burst(seconds: float, freq_hz: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE_HZ)) / SAMPLE_RATE_HZ
    return (0.3 * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def gap(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE_HZ), dtype=np.float32)


class FakeTranscriber:
    """Scripted recognition: returns the given lines in order."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.heard_s: list[float] = []

    def __call__(self, audio: np.ndarray) -> str:
        self.heard_s.append(len(audio) / SAMPLE_RATE_HZ)
        return self.lines.pop(0)


async def run(script: np.ndarray, agent: LoopbackAgent) -> tuple[EventBus, np.ndarray]:
    bus = EventBus()
    session = Session(agent, VirtualClock(), bus)
    recorder = StereoRecorder()
    session.add_sink(recorder)
    await session.run(FileSource(script, agent))
    return bus, recorder.stereo()


async def test_repeats_an_utterance_after_the_pause() -> None:
    fake = FakeTranscriber(["hello there"])
    bus, stereo = await run(np.concatenate([gap(0.2), burst(1.0), gap(2.0)]), LoopbackAgent(fake))
    finals = bus.of_kind(EventKind.TRANSCRIPT_FINAL)
    assert [e.data["text"] for e in finals] == ["hello there"]
    assert 1.0 <= fake.heard_s[0] <= 1.3  # the utterance, with a little pre-roll and tail
    agent = stereo[:, 1]
    voiced = np.flatnonzero(np.abs(agent) > 0.01)
    assert abs(len(voiced) / SAMPLE_RATE_HZ - 1.0) < 0.05  # it said back one second
    start_s = voiced[0] / SAMPLE_RATE_HZ
    assert 1.2 + 0.5 <= start_s <= 1.2 + 0.5 + 0.3  # after the 500 ms end-of-speech wait and 200 ms delay
    latency = bus.of_kind(EventKind.LATENCY)[0].data
    assert latency["stage"] == "voice_to_voice" and abs(latency["ms"] - 700) <= 40
    assert [e.data["utterance_id"] for e in bus.of_kind(EventKind.UTTERANCE_FINISHED)] == [1]


async def test_talking_over_it_truncates_at_once() -> None:
    script = np.concatenate([burst(1.5), gap(1.1), burst(0.8, 660), gap(2.5)])
    agent = LoopbackAgent(FakeTranscriber(["first", "second"]))
    bus, stereo = await run(script, agent)
    barge = bus.of_kind(EventKind.BARGE_IN)
    truncated = bus.of_kind(EventKind.UTTERANCE_TRUNCATED)
    assert len(barge) == 1 and len(truncated) == 1
    played_ms = truncated[0].data["played_ms"]
    assert 0 < played_ms < 1500
    # the agent's audio stops within a frame of the barge-in, then the second utterance is echoed
    cut = int(barge[0].t_ms * SAMPLE_RATE_HZ / 1000)
    agent_audio = stereo[:, 1]
    assert not np.any(np.abs(agent_audio[cut + 320 : cut + 320 * 20]) > 0.01)
    assert agent.result() == {"turns": 2, "barge_ins": 1}
    assert len(bus.of_kind(EventKind.UTTERANCE_FINISHED)) == 1  # only the second echo finished


async def test_same_script_same_events() -> None:
    script = np.concatenate([burst(0.8), gap(1.5)])
    a, _ = await run(script, LoopbackAgent())
    b, _ = await run(script, LoopbackAgent())
    assert [(e.kind, e.t_ms) for e in a.history if e.kind != EventKind.SESSION_STARTED] == [
        (e.kind, e.t_ms) for e in b.history if e.kind != EventKind.SESSION_STARTED]
