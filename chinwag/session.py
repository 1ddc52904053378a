"""A conversation: two streams on one clock, one tick per frame.

The session owns the clock and the event bus; it knows nothing of models. Sources give user frames
(a file paced as a live caller, a websocket, a microphone), sinks take both streams (a stereo
recorder, a websocket, a speaker).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from chinwag.agents.base import Agent, AgentContext
from chinwag.audio.clock import Clock
from chinwag.audio.frames import FRAME_MS, Frame, Stream, silence, split_frames
from chinwag.events import EventBus, EventKind

log = logging.getLogger(__name__)


class FrameSource(Protocol):
    async def next_frame(self, index: int) -> Frame | None:
        """The user frame for tick ``index``; ``None`` ends the conversation."""
        ...


class FileSource:
    """Plays a recording as the user's side of a call, then waits for the agent to finish."""

    def __init__(self, audio: np.ndarray, agent: Agent, max_tail_s: float = 20.0,
                 quiet_tail_ms: float = 1200.0) -> None:
        self._frames = split_frames(audio, Stream.USER)
        self._agent = agent
        self._max_tail_frames = int(max_tail_s * 1000 / FRAME_MS)
        self._quiet_frames_needed = int(quiet_tail_ms / FRAME_MS)
        self._quiet_frames = 0

    @property
    def input_frames(self) -> int:
        return len(self._frames)

    async def next_frame(self, index: int) -> Frame | None:
        if index < len(self._frames):
            return self._frames[index]
        if index >= len(self._frames) + self._max_tail_frames:
            return None
        self._quiet_frames = 0 if self._agent.is_active() else self._quiet_frames + 1
        if self._quiet_frames >= self._quiet_frames_needed:
            return None
        return silence(Stream.USER, index)


FrameSink = Callable[[Frame, Frame], None]


class StereoRecorder:
    """Keeps both streams sample-aligned: left = user, right = agent."""

    def __init__(self) -> None:
        self._user: list[np.ndarray] = []
        self._agent: list[np.ndarray] = []

    def __call__(self, user: Frame, agent: Frame) -> None:
        self._user.append(user.samples)
        self._agent.append(agent.samples)

    def stereo(self) -> np.ndarray:
        if not self._user:
            return np.zeros((0, 2), dtype=np.float32)
        return np.stack([np.concatenate(self._user), np.concatenate(self._agent)], axis=1)


@dataclass
class SessionStats:
    frames: int = 0
    late_ticks: int = 0  # ticks that started more than one frame behind the wall clock
    max_lag_ms: float = 0.0


class Session:
    def __init__(self, agent: Agent, clock: Clock, bus: EventBus | None = None,
                 session_id: str | None = None) -> None:
        self.agent = agent
        self.clock = clock
        self.bus = bus or EventBus()
        self.session_id = session_id or uuid.uuid4().hex[:12]
        self.stats = SessionStats()
        self._sinks: list[FrameSink] = []

    def add_sink(self, sink: FrameSink) -> None:
        self._sinks.append(sink)

    async def run(self, source: FrameSource, on_progress: Callable[[int], None] | None = None) -> None:
        ctx = AgentContext(self.clock, self.bus.emit, self.session_id)
        ctx.event(EventKind.SESSION_STARTED, stream="session", architecture=self.agent.architecture,
                  session_id=self.session_id, virtual_clock=self.clock.is_virtual)
        reason = "completed"
        try:
            await self.agent.start(ctx)
            index = 0
            while True:
                due_ms = index * FRAME_MS
                await self.clock.sleep_until(due_ms)
                lag_ms = self.clock.now_ms() - due_ms
                if lag_ms > FRAME_MS:
                    self.stats.late_ticks += 1
                self.stats.max_lag_ms = max(self.stats.max_lag_ms, lag_ms)
                user = await source.next_frame(index)
                if user is None:
                    break
                self.agent.on_user_frame(user)
                if self.clock.is_virtual:
                    await self.agent.settle()
                agent_frame = self.agent.next_agent_frame(index)
                for sink in self._sinks:
                    sink(user, agent_frame)
                index += 1
                self.stats.frames = index
                if on_progress is not None:
                    on_progress(index)
        except BaseException as exc:
            reason = f"error: {exc.__class__.__name__}: {exc}"
            ctx.event(EventKind.ERROR, stream="session", where="session", message=str(exc))
            raise
        finally:
            await self.agent.close()
            ctx.event(EventKind.SESSION_ENDED, stream="session", reason=reason,
                      frames=self.stats.frames, late_ticks=self.stats.late_ticks,
                      max_lag_ms=round(self.stats.max_lag_ms, 1), result=self.agent.result())
