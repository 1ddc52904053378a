"""Every session, event and transcript line, in a real database.

Writes never run on the caller's thread (the asyncio loop emits events up to ~100 per second): the
event sink only puts a row on a queue, and one writer thread commits what has queued in short
transactions. Durability window: an event is committed at most ``batch_window_ms`` (default 20 ms)
plus one commit's time after it was emitted; once committed it survives ``kill -9`` of the process.
With SQLite the database runs in WAL mode with ``synchronous=NORMAL``: a commit survives a crash of
the process, while an OS crash or power cut may lose the last commits (never corrupts the file).
``flush()`` waits until everything emitted before it is committed (it blocks: from async code call
it through ``asyncio.to_thread``).

``start_session`` and the reads run on the calling thread; reads flush first, so they see every
event this store was given.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from chinwag.errors import ChinwagError
from chinwag.events import Event, EventKind, EventSink
from chinwag.record import schema
from chinwag.record.schema import (
    SessionRecord,
    SessionSummary,
    TranscriptLine,
    TranscriptState,
    events,
    metadata,
    sessions,
    transcript,
)
from chinwag.record.writer import Barrier, EndOp, EventOp, Writer, iso_utc

log = logging.getLogger(__name__)

DEFAULT_DB_PATH = Path("~/.local/share/chinwag/chinwag.db")


class RecordError(ChinwagError):
    """The records database cannot be opened or written."""


class SessionNotFoundError(RecordError):
    """No recorded session matches the id or prefix given."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def default_url() -> str:
    """``CHINWAG_DB`` may hold a path to an SQLite file or any SQLAlchemy URL."""
    configured = os.environ.get("CHINWAG_DB", "").strip()
    if "://" in configured:
        return configured
    path = Path(configured) if configured else DEFAULT_DB_PATH
    return "sqlite:///" + str(path.expanduser().resolve())


@dataclass
class _OpenSession:
    next_event_seq: int = 0
    transcript: TranscriptState = field(default_factory=TranscriptState)



def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")  # other chinwag processes may be writing
    cursor.close()


def _make_engine(url: str) -> tuple[Engine, bool]:
    """The engine, and whether every access must be serialised (in-memory SQLite: one connection)."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"json_serializer": schema.dumps}
    in_memory = False
    if parsed.get_backend_name() == "sqlite":
        in_memory = parsed.database in (None, "", ":memory:")
        if in_memory:  # every connection would otherwise be a different, empty database
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            folder = Path(str(parsed.database)).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _cannot_open(url, exc) from exc
    try:
        engine = create_engine(parsed, **kwargs)
    except ImportError as exc:
        raise RecordError(f"no database driver for {parsed.drivername!r} ({exc}); for PostgreSQL "
                          "install chinwag[postgres]") from exc
    if in_memory:
        event.listen(engine, "connect", _on_memory_connect)
    elif parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine, in_memory


def _cannot_open(url: str, exc: BaseException) -> RecordError:
    shown = make_url(url).render_as_string(hide_password=True)
    return RecordError(f"cannot open the records database at {shown}: {exc}. Check the path or server, "
                       "or point CHINWAG_DB at a writable file.")


def _on_memory_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA foreign_keys=ON")


class RecordStore:
    """Sessions, events and transcripts in one database; thread-safe. See the module docstring for
    when writes become durable."""

    def __init__(self, url: str | None = None, *, wall_clock: Callable[[], datetime] = utc_now,
                 batch_window_ms: float = 20.0, heartbeat_s: float = 5.0) -> None:
        if heartbeat_s <= 0 or batch_window_ms < 0:
            raise ValueError("heartbeat_s must be positive and batch_window_ms not negative")
        self.url = url or default_url()
        self._wall_clock = wall_clock
        self.engine, in_memory = _make_engine(self.url)
        self._db_lock: Any = threading.Lock() if in_memory else nullcontext()
        try:
            with self._db_lock:
                metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise _cannot_open(self.url, exc) from exc
        self._lock = threading.Lock()
        self._open: dict[str, _OpenSession] = {}
        self._closed = False
        self._writer = Writer(self.engine, self._db_lock, wall_clock, batch_window_ms, heartbeat_s)
        self._finalizer = weakref.finalize(self, self._writer.stop)

    # -- writing -------------------------------------------------------------------------------

    def start_session(self, session_id: str, architecture: str, config: dict[str, Any],
                      input_path: str | None = None) -> None:
        self._check_open()
        now = iso_utc(self._wall_clock())
        row = {"id": session_id, "architecture": architecture, "started_at": now, "heartbeat_at": now,
               "status": schema.STATUS_RUNNING, "config": config, "result": {}, "latency": {},
               "input_path": None if input_path is None else str(input_path)}
        with self._lock:
            if session_id in self._open:
                raise RecordError(f"session {session_id!r} was already started; use a new session id")
            self._open[session_id] = _OpenSession()
        try:
            with self._db_lock, self.engine.begin() as conn:
                if conn.execute(select(sessions.c.id).where(sessions.c.id == session_id)).first():
                    raise RecordError(f"a session with id {session_id!r} is already recorded; "
                                      "use a new session id")
                conn.execute(sessions.insert().values(**row))
        except BaseException as exc:
            with self._lock:
                del self._open[session_id]
            if isinstance(exc, SQLAlchemyError):
                raise RecordError(f"could not record the start of session {session_id!r}: {exc}. Check "
                                  "that the records database is writable.") from exc
            raise
        self._writer.track(session_id)

    def event_sink(self, session_id: str) -> EventSink:
        """A sink for ``EventBus.subscribe``: stores every event and derives the transcript."""
        with self._lock:
            if session_id not in self._open:
                raise RecordError(f"session {session_id!r} is not started in this store; call "
                                  "start_session first")

        def sink(ev: Event) -> None:
            self._check_open()
            with self._lock:
                state = self._open[session_id]
                seq = state.next_event_seq
                state.next_event_seq += 1
                line = state.transcript.line_for(ev)
            event_row = {"session_id": session_id, "seq": seq, "t_ms": float(ev.t_ms), "kind": str(ev.kind),
                         "stream": ev.stream, "data": dict(ev.data)}
            if line is not None:
                line["session_id"] = session_id
            self._writer.queue.put(EventOp(event_row, line))

        return sink

    def end_session(self, session_id: str, status: str, result: dict[str, Any], latency: dict[str, Any],
                    output_path: str | None = None) -> None:
        """Queued behind the session's events, so the end never lands before them."""
        self._check_open()
        if not schema.is_valid_status(status):
            raise RecordError(f"unknown session status {status!r}; use 'completed', 'interrupted' or "
                              "'error: <what went wrong>'")
        values = {"status": status, "ended_at": iso_utc(self._wall_clock()), "result": result,
                  "latency": latency, "output_path": None if output_path is None else str(output_path)}
        self._writer.queue.put(EndOp(session_id, values))

    def flush(self, timeout_s: float | None = None) -> None:
        """Wait until everything queued so far is committed; raise if any write failed."""
        if self._writer.thread.is_alive():
            barrier = Barrier()
            self._writer.queue.put(barrier)
            if not barrier.done.wait(timeout_s):
                raise RecordError(f"records database did not commit within {timeout_s} s; is it locked "
                                  "by another process?")
        self._raise_write_errors()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._finalizer()  # drains the queue and stops the writer
        self.engine.dispose()
        self._raise_write_errors()

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def mark_interrupted_sessions(self, stale_after_s: float = 60.0) -> list[str]:
        """Sessions left 'running' by a process that died: no heartbeat for ``stale_after_s``. A live
        process refreshes its sessions' heartbeat every few seconds even when the call is quiet."""
        now = self._wall_clock()
        with self._lock:
            mine = set(self._open)
        marked: list[str] = []
        with self._db_lock, self.engine.begin() as conn:
            rows = conn.execute(select(sessions.c.id, sessions.c.started_at, sessions.c.heartbeat_at)
                                .where(sessions.c.status == schema.STATUS_RUNNING)).all()
            for session_id, started_at, heartbeat_at in rows:
                last_seen = heartbeat_at or started_at
                quiet_s = (now - datetime.fromisoformat(last_seen)).total_seconds()
                if session_id in mine or quiet_s < stale_after_s:
                    continue
                conn.execute(update(sessions).where(sessions.c.id == session_id)
                             .where(sessions.c.status == schema.STATUS_RUNNING)
                             .values(status=schema.STATUS_INTERRUPTED, ended_at=last_seen))
                marked.append(session_id)
        return marked

    # -- reading -------------------------------------------------------------------------------

    def list_sessions(self, limit: int = 20) -> list[SessionSummary]:
        """Newest first."""
        self._flush_if_open()
        event_count = (select(func.count()).select_from(events)
                       .where(events.c.session_id == sessions.c.id).scalar_subquery())
        line_count = (select(func.count()).select_from(transcript)
                      .where(transcript.c.session_id == sessions.c.id).scalar_subquery())
        query = (select(sessions.c.id, sessions.c.architecture, sessions.c.status, sessions.c.started_at,
                        sessions.c.ended_at, event_count, line_count)
                 .order_by(sessions.c.started_at.desc(), sessions.c.id).limit(limit))
        with self._read() as conn:
            return [SessionSummary(*row) for row in conn.execute(query).all()]

    def get_session(self, id_or_prefix: str) -> SessionRecord:
        self._flush_if_open()
        with self._read() as conn:
            row = conn.execute(select(sessions).where(sessions.c.id == id_or_prefix)).mappings().first()
            if row is None:
                pattern = id_or_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                matches = conn.execute(select(sessions).where(sessions.c.id.like(pattern, escape="\\"))
                                       .limit(6)).mappings().all()
                if not matches:
                    raise SessionNotFoundError(f"no recorded session matches {id_or_prefix!r}; run "
                                               "`chinwag sessions list` to see the ids")
                if len(matches) > 1:
                    ids = ", ".join(m["id"] for m in matches[:5])
                    raise SessionNotFoundError(f"{id_or_prefix!r} matches several sessions ({ids}); "
                                               "give more of the id")
                row = matches[0]
            event_rows = conn.execute(select(events).where(events.c.session_id == row["id"])
                                      .order_by(events.c.seq)).mappings().all()
            line_rows = conn.execute(select(transcript).where(transcript.c.session_id == row["id"])
                                     .order_by(transcript.c.t_ms, transcript.c.seq)).mappings().all()
        return SessionRecord(
            id=row["id"], architecture=row["architecture"], status=row["status"],
            started_at=row["started_at"], ended_at=row["ended_at"], config=row["config"] or {},
            result=row["result"] or {}, latency=row["latency"] or {}, input_path=row["input_path"],
            output_path=row["output_path"], events=_events_from_rows(event_rows),
            transcript=[TranscriptLine(r["seq"], r["t_ms"], r["speaker"], r["text"], bool(r["interrupted"]),
                                       r["annotations"]) for r in line_rows],
        )

    # -- internals -----------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Any]:
        with self._db_lock, self.engine.connect() as conn:
            yield conn

    def _flush_if_open(self) -> None:
        if not self._closed:
            self.flush()

    def _check_open(self) -> None:
        if self._closed:
            raise RecordError("the record store is closed; open a new RecordStore to record more")

    def _raise_write_errors(self) -> None:
        if self._writer.errors:
            first, count = self._writer.errors[0], len(self._writer.errors)
            self._writer.errors.clear()
            raise RecordError(f"{count} record write(s) failed, first: {first}. Check that the database "
                              "is writable and not full.") from first


def _events_from_rows(rows: Any) -> list[Event]:
    out: list[Event] = []
    for r in rows:
        try:
            kind = EventKind(r["kind"])
        except ValueError:  # written by a newer chinwag; keep reading the rest
            log.warning("skipping event of unknown kind %r (seq %s)", r["kind"], r["seq"])
            continue
        out.append(Event(kind, r["t_ms"], r["stream"], r["data"] or {}))
    return out
