"""The interface every architecture (cascaded, hybrid, s2s) implements.

The session ticks once per 20 ms frame: it hands the agent the newest user frame and takes the
agent's next frame. Both calls are cheap and never block; heavy work runs in the agent's own tasks
and worker threads. Listening never stops, whatever the agent is doing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chinwag.audio.clock import Clock
from chinwag.audio.frames import Frame
from chinwag.events import Event, EventKind, EventSink


@dataclass
class AgentContext:
    clock: Clock
    emit: EventSink
    session_id: str

    def event(self, kind: EventKind, /, stream: str = "agent", **data: object) -> None:
        self.emit(Event(kind, self.clock.now_ms(), stream, dict(data)))


class Agent(Protocol):
    architecture: str

    async def start(self, ctx: AgentContext) -> None:
        """Begin the conversation (the agent may greet the caller)."""
        ...

    def on_user_frame(self, frame: Frame) -> None:
        """Take the newest user frame. Must return at once."""
        ...

    def next_agent_frame(self, index: int) -> Frame:
        """The agent's audio for tick ``index`` (silence when it has nothing to say)."""
        ...

    async def settle(self) -> None:
        """Wait until in-flight work is done. Only virtual-clock sessions call it, which is what makes
        model compute take zero conversation time there (and runs repeatable)."""
        ...

    def is_active(self) -> bool:
        """True while the agent is speaking or preparing to speak."""
        ...

    def result(self) -> dict[str, object]:
        """The structured outcome of the call (e.g. a booking), stored with the session."""
        ...

    async def close(self) -> None: ...
