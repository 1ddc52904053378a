"""The record store's writer thread: it commits queued events in short batches, off the caller's thread.

The store puts one op per event (or session end, or flush barrier) on ``Writer.queue``; the thread
commits what has queued within ``batch_window_ms`` in one transaction and keeps the heartbeat of
open sessions fresh, so a process that dies leaves sessions that can be told apart from live ones.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, update

from chinwag.record.schema import events, sessions, transcript

log = logging.getLogger(__name__)


def iso_utc(t: datetime) -> str:
    """How every timestamp is stored: ISO 8601 in UTC, to the millisecond."""
    return t.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass
class EventOp:
    event_row: dict[str, Any]
    transcript_row: dict[str, Any] | None


@dataclass
class EndOp:
    session_id: str
    values: dict[str, Any]


@dataclass
class Barrier:
    done: threading.Event = field(default_factory=threading.Event)


class _Stop:
    pass


Op = EventOp | EndOp | Barrier | _Stop


class Writer:
    """The one thread that writes events. Holds no reference to the store, so an unclosed store can
    still be collected (its finalizer stops the writer after draining the queue)."""

    def __init__(self, engine: Engine, lock: Any, wall_clock: Callable[[], datetime],
                 batch_window_ms: float, heartbeat_s: float) -> None:
        self.engine = engine
        self.queue: queue.SimpleQueue[Op] = queue.SimpleQueue()
        self.errors: list[BaseException] = []
        self._open_ids: set[str] = set()  # sessions whose heartbeat this writer keeps fresh
        self._ids_lock = threading.Lock()
        self._lock = lock
        self._wall_clock = wall_clock
        self._window_s = batch_window_ms / 1000.0
        self._heartbeat_s = heartbeat_s
        self._last_heartbeat = 0.0
        self.thread = threading.Thread(target=self._run, name="chinwag-record-writer", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.queue.put(_Stop())
            self.thread.join()

    def track(self, session_id: str) -> None:
        with self._ids_lock:
            self._open_ids.add(session_id)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            try:
                batch: list[Op] = [self.queue.get(timeout=self._heartbeat_s)]
            except queue.Empty:
                batch = []
            deadline = time.monotonic() + self._window_s
            while batch and not isinstance(batch[-1], Barrier | _Stop):
                remaining = deadline - time.monotonic()
                try:
                    op = self.queue.get(timeout=remaining) if remaining > 0 else self.queue.get_nowait()
                    batch.append(op)
                except queue.Empty:
                    break
            heartbeat_due = time.monotonic() - self._last_heartbeat >= self._heartbeat_s
            if heartbeat_due:
                self._last_heartbeat = time.monotonic()
            self._write(batch, heartbeat_due)
            for op in batch:
                if isinstance(op, Barrier):
                    op.done.set()
                stopping = stopping or isinstance(op, _Stop)

    def _write(self, batch: list[Op], heartbeat_due: bool) -> None:
        writes = [op for op in batch if isinstance(op, EventOp | EndOp)]
        if not writes and not (heartbeat_due and self._open_ids):
            return
        try:
            with self._lock, self.engine.begin() as conn:
                self._apply(conn, writes, heartbeat_due)
        except Exception:
            log.warning("batch of %d record writes failed; retrying them one by one", len(writes),
                        exc_info=True)
            for op in writes:
                try:
                    with self._lock, self.engine.begin() as conn:
                        self._apply(conn, [op], False)
                except Exception as exc:
                    log.exception("record write failed: %r", op)
                    self.errors.append(exc)

    def _apply(self, conn: Any, writes: list[EventOp | EndOp], heartbeat_due: bool) -> None:
        event_rows = [op.event_row for op in writes if isinstance(op, EventOp)]
        line_rows = [op.transcript_row for op in writes if isinstance(op, EventOp) and op.transcript_row]
        if event_rows:
            conn.execute(events.insert(), event_rows)
        if line_rows:
            conn.execute(transcript.insert(), line_rows)
        for op in writes:
            if isinstance(op, EndOp):
                conn.execute(update(sessions).where(sessions.c.id == op.session_id).values(**op.values))
                with self._ids_lock:
                    self._open_ids.discard(op.session_id)
        with self._ids_lock:
            beating = sorted(self._open_ids) if heartbeat_due else []
        if beating:
            conn.execute(update(sessions).where(sessions.c.id.in_(beating))
                         .values(heartbeat_at=iso_utc(self._wall_clock())))
