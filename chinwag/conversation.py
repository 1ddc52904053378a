"""Run one whole conversation from a recording: the engine behind `chinwag talk`, `make run` and the
latency benchmark.

The recording is the user's side of a live call; on the real-time clock it is paced as a real caller
would be, so the latency figures it produces are real. On the virtual clock (``fast=True``) model
compute takes no conversation time: the result is the same on every run, but its latencies are not
wall-clock figures.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.agents.base import Agent
from chinwag.audio.clock import RealClock, VirtualClock
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import LoadedAudio, write_wav
from chinwag.events import Event, EventBus, EventKind
from chinwag.record.jsonl import JsonlEventWriter
from chinwag.record.report import latency_summary
from chinwag.session import FileSource, Session, StereoRecorder


@dataclass
class ConversationResult:
    session_id: str
    stereo: np.ndarray  # (n, 2): left user, right agent
    events: list[Event]
    result: dict[str, Any]
    latency: dict[str, Any]
    late_ticks: int
    output_path: Path | None = None
    events_path: Path | None = None
    transcript: list[tuple[float, str, str]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return len(self.stereo) / SAMPLE_RATE_HZ


def transcript_lines(events: list[Event]) -> list[tuple[float, str, str]]:
    """(t_ms, speaker, text) for what the user said and what the agent actually played."""
    lines: list[tuple[float, str, str]] = []
    for e in events:
        if e.kind is EventKind.TRANSCRIPT_FINAL and e.data.get("text"):
            lines.append((e.t_ms, "user", str(e.data["text"])))
        elif e.kind is EventKind.UTTERANCE_FINISHED:
            lines.append((e.t_ms, "agent", str(e.data.get("text", ""))))
        elif e.kind is EventKind.UTTERANCE_TRUNCATED and e.data.get("played_ms"):
            lines.append((e.t_ms, "agent", f"{e.data.get('text_heard', '')} [interrupted]"))
    return lines


async def run_conversation(
    agent: Agent,
    audio: LoadedAudio,
    *,
    fast: bool = False,
    output: str | Path | None = None,
    events_path: str | Path | None = None,
    extra_sinks: list[Callable[[Event], None]] | None = None,
    session_id: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ConversationResult:
    clock = VirtualClock() if fast else RealClock()
    bus = EventBus()
    jsonl = JsonlEventWriter(events_path) if events_path else None
    if jsonl is not None:
        bus.subscribe(jsonl)
    for sink in extra_sinks or []:
        bus.subscribe(sink)
    session = Session(agent, clock, bus, session_id=session_id)
    recorder = StereoRecorder()
    session.add_sink(recorder)
    for warning in audio.warnings:
        bus.emit(Event(EventKind.INPUT_WARNING, 0.0, "user", {"message": warning}))
    source = FileSource(audio.samples, agent)
    progress = None
    if on_progress is not None:
        total = source.input_frames
        progress = lambda i: on_progress(i, total)  # noqa: E731
    try:
        await session.run(source, on_progress=progress)
    finally:
        if jsonl is not None:
            jsonl.close()
    stereo = recorder.stereo()
    out_path = write_wav(output, stereo) if output else None
    ended = bus.of_kind(EventKind.SESSION_ENDED)
    return ConversationResult(
        session_id=session.session_id,
        stereo=stereo,
        events=bus.history,
        result=agent.result(),
        latency=latency_summary(bus.history),
        late_ticks=int(ended[-1].data.get("late_ticks", 0)) if ended else 0,
        output_path=out_path,
        events_path=Path(events_path) if events_path else None,
        transcript=transcript_lines(bus.history),
    )


def run_conversation_sync(agent: Agent, audio: LoadedAudio, **kwargs: Any) -> ConversationResult:
    return asyncio.run(run_conversation(agent, audio, **kwargs))
