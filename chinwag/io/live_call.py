"""One live conversation over a network transport, whatever the wire format.

The browser protocol and the telephony media stream differ only at the edge (PCM16 + JSON events
vs base64 μ-law), so both build a ``LiveCall``: its own agent, session, clock, event bus and
``LiveSource``, plus the session record. Models are shared through the agent factory; nothing else
is shared between calls.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from chinwag.agents.base import Agent
from chinwag.audio.clock import RealClock
from chinwag.events import Event, EventBus, EventSink
from chinwag.io.live_source import AgentAudioOut, LiveSource
from chinwag.io.metrics import ServerMetrics
from chinwag.io.protocol import FLUSH_KINDS
from chinwag.record.report import latency_summary
from chinwag.session import Session

STATUS_COMPLETED = "completed"  # the call ran and ended (the caller hung up or said stop)
STATUS_INTERRUPTED = "interrupted"  # the server stopped under it

log = logging.getLogger(__name__)


class SessionRecords(Protocol):
    """What the server needs of ``chinwag.record.store.RecordStore``."""

    def start_session(self, session_id: str, architecture: str, config: dict[str, Any],
                      input_path: str | None = None) -> Any: ...

    def event_sink(self, session_id: str) -> EventSink: ...

    def end_session(self, session_id: str, status: str, result: dict[str, Any], latency: dict[str, Any],
                    output_path: str | None = None) -> Any: ...


class RecordWriter:
    """Keeps the database off the event loop and out of the call's way.

    ``start_session`` writes a row at once, so it runs in a worker thread; the store's event sink and
    ``end_session`` only queue rows for its own writer thread. A failing database is logged and the
    conversation goes on without its record.
    """

    def __init__(self, store: SessionRecords) -> None:
        self.store = store

    async def start(self, session_id: str, architecture: str, config: dict[str, Any]) -> EventSink | None:
        try:
            await asyncio.to_thread(self.store.start_session, session_id, architecture, config)
            return self.store.event_sink(session_id)
        except Exception:
            log.exception("could not record session %s; it goes on unrecorded", session_id)
            return None

    def end(self, session_id: str, status: str, result: dict[str, Any], latency: dict[str, Any]) -> None:
        try:
            self.store.end_session(session_id, status, result, latency)
        except Exception:
            log.exception("could not end the record of session %s", session_id)


class LiveCall:
    """Owns one conversation: start it, push the client's audio into it, stop it.

    ``on_audio`` gets agent audio (float32 at ``output_rate_hz``), ``on_event`` every bus event (maybe
    from a worker thread), ``on_flush`` the events that mean "drop what you are playing", and
    ``on_end`` the final status once the session is over, however it ended.
    """

    def __init__(self, agent: Agent, *, input_rate_hz: int, output_rate_hz: int,
                 on_audio: Callable[[np.ndarray], None], on_event: Callable[[Event], None],
                 on_flush: Callable[[Event], None], on_end: Callable[[str, str], None],
                 metrics: ServerMetrics, records: RecordWriter | None = None,
                 config: dict[str, Any] | None = None, max_buffered_ms: int = 500) -> None:
        self.agent = agent
        self.architecture = agent.architecture
        self.config = config or {}
        self.bus = EventBus()
        self.session = Session(agent, RealClock(), self.bus)
        self.session_id = self.session.session_id
        self.source = LiveSource(input_rate_hz, max_buffered_ms)
        self.audio_out = AgentAudioOut(on_audio, output_rate_hz)
        self.session.add_sink(self.audio_out)
        self.played_samples = 0  # the client's playback position, as it last reported it
        self._metrics = metrics
        self._records = records
        self._on_event = on_event
        self._on_flush = on_flush
        self._on_end = on_end
        self._task: asyncio.Task[None] | None = None
        self.status: str | None = None

    @property
    def output_rate_hz(self) -> int:
        return self.audio_out.output_rate_hz

    def _handle_event(self, event: Event) -> None:
        self._metrics.observe_event(event)
        if event.kind in FLUSH_KINDS:
            self.audio_out.drop_pending()
            self._on_flush(event)
        self._on_event(event)

    async def start(self) -> None:
        """Open the record (in a thread), then start ticking."""
        if self._records is not None:
            sink = await self._records.start(self.session_id, self.architecture, self.config)
            if sink is not None:
                self.bus.subscribe(sink)
        self.bus.subscribe(self._handle_event)
        self._metrics.session_started()
        self._task = asyncio.create_task(self._run(), name=f"chinwag-session-{self.session_id}")

    async def _run(self) -> None:
        status, reason = STATUS_COMPLETED, "the client ended the call"
        try:
            await self.session.run(self.source)
        except asyncio.CancelledError:
            status, reason = STATUS_INTERRUPTED, "the server shut down"
        except Exception as exc:
            log.exception("session %s failed", self.session_id)
            reason = f"{exc.__class__.__name__}: {exc}"
            status = "error: " + reason
        finally:
            self.status = status
            self._metrics.session_ended()
            if self._records is not None:
                self._records.end(self.session_id, status, _safe_result(self.agent),
                                  latency_summary(self.bus.history))
            self._on_end(status, reason)

    def push_pcm16(self, data: bytes) -> None:
        self.source.push_pcm16(data)

    def push_audio(self, audio: np.ndarray) -> None:
        self.source.push(audio)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def stop(self) -> str:
        """End the conversation (the next tick finds the source closed) and wait until it is over."""
        self.source.close()
        if self._task is not None:
            await asyncio.shield(self._task)
        return self.status or STATUS_COMPLETED


def _safe_result(agent: Agent) -> dict[str, Any]:
    try:
        return dict(agent.result())
    except Exception as exc:
        log.exception("agent.result() failed")
        return {"error": str(exc)}
