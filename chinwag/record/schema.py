"""The records database: one row per session, per event and per transcript line.

Plain SQLAlchemy Core tables, so any SQLAlchemy URL works (SQLite by default, PostgreSQL for a
shared server). JSON columns hold what varies by architecture (config, result, event data).
Wall-clock times are ISO-8601 strings in UTC; ``t_ms`` is the conversation clock.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from chinwag.events import Event, EventKind

# Integer on SQLite makes the column an alias of ROWID (real autoincrement); BIGSERIAL elsewhere.
_ROW_ID = BigInteger().with_variant(Integer(), "sqlite")

STATUS_RUNNING = "running"
STATUS_COMPLETED = "completed"
STATUS_INTERRUPTED = "interrupted"
STATUS_ERROR_PREFIX = "error: "

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("architecture", String(32), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("ended_at", String(40)),
    # Refreshed by the writer while the session is open, so a crashed process can be told apart
    # from a quiet live call (see RecordStore.mark_interrupted_sessions).
    Column("heartbeat_at", String(40)),
    Column("status", Text, nullable=False),
    Column("config", JSON),
    Column("result", JSON),
    Column("latency", JSON),
    Column("input_path", Text),
    Column("output_path", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", _ROW_ID, primary_key=True, autoincrement=True),
    Column("session_id", String(64), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("t_ms", Float, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("stream", String(32), nullable=False),
    Column("data", JSON),
    Index("ix_events_session_seq", "session_id", "seq"),
)

transcript = Table(
    "transcript",
    metadata,
    Column("id", _ROW_ID, primary_key=True, autoincrement=True),
    Column("session_id", String(64), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("t_ms", Float, nullable=False),
    Column("speaker", String(16), nullable=False),  # 'user' | 'agent'
    Column("text", Text, nullable=False),  # already redacted by whoever emitted the event
    Column("interrupted", Boolean, nullable=False, default=False),
    Column("annotations", JSON),
    Index("ix_transcript_session_seq", "session_id", "seq"),
)


def is_valid_status(status: str) -> bool:
    return status in (STATUS_RUNNING, STATUS_COMPLETED, STATUS_INTERRUPTED) or (
        status.startswith(STATUS_ERROR_PREFIX) and len(status) > len(STATUS_ERROR_PREFIX)
    )


def json_safe(value: Any) -> Any:
    """Plain JSON values from what components put in event data (numpy scalars and arrays, tuples,
    NaN). PostgreSQL rejects NaN in JSON, so non-finite floats become ``None``."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(v) for v in value]
    if isinstance(value, np.ndarray):
        return json_safe(value.tolist())
    if isinstance(value, np.generic):
        return json_safe(value.item())
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def dumps(value: Any) -> str:
    """The JSON serializer for the engine and the JSONL writer: one encoding everywhere."""
    return json.dumps(json_safe(value), ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True)
class TranscriptLine:
    seq: int
    t_ms: float  # when this speaker started the line, on the conversation clock
    speaker: str  # 'user' | 'agent'
    text: str
    interrupted: bool = False
    annotations: Any = None


@dataclass(frozen=True)
class SessionSummary:
    id: str
    architecture: str
    status: str
    started_at: str
    ended_at: str | None
    event_count: int
    transcript_lines: int

    @property
    def duration_s(self) -> float | None:
        if self.ended_at is None:
            return None
        started = datetime.fromisoformat(self.started_at)
        return (datetime.fromisoformat(self.ended_at) - started).total_seconds()


@dataclass(frozen=True)
class SessionRecord:
    id: str
    architecture: str
    status: str
    started_at: str
    ended_at: str | None
    config: dict[str, Any]
    result: dict[str, Any]
    latency: dict[str, Any]
    input_path: str | None
    output_path: str | None
    events: list[Event]
    transcript: list[TranscriptLine]


@dataclass
class TranscriptState:
    """Per-session state for turning events into transcript rows. The agreed event data:
    TRANSCRIPT_FINAL {"text", "words"?, "annotations"?, "start_ms"?}; UTTERANCE_STARTED/FINISHED
    {"utterance_id", "text"}; UTTERANCE_TRUNCATED {"utterance_id", "text", "text_heard", "played_ms"}.
    A line's ``t_ms`` is when its speaker began: for the user, ``start_ms`` (conversation clock) if
    given, else the latest user SPEECH_STARTED before the final (the latest, so that a false start
    never drags the line back); for the agent, the utterance's UTTERANCE_STARTED. Failing those, the
    event's own time."""

    seq: int = 0
    user_speech_start_ms: float | None = None
    utterance_start_ms: dict[str, float] = field(default_factory=dict)

    def reset(self) -> None:
        self.seq = 0
        self.user_speech_start_ms = None
        self.utterance_start_ms.clear()

    def line_for(self, ev: Event) -> dict[str, Any] | None:
        data = ev.data
        if ev.kind == EventKind.SPEECH_STARTED and ev.stream == "user":
            self.user_speech_start_ms = ev.t_ms
            return None
        if ev.kind == EventKind.UTTERANCE_STARTED and data.get("utterance_id") is not None:
            self.utterance_start_ms[str(data["utterance_id"])] = ev.t_ms
            return None
        if ev.kind == EventKind.TRANSCRIPT_FINAL:
            start = data.get("start_ms", self.user_speech_start_ms)
            self.user_speech_start_ms = None
            return self._line(ev, start, "user", str(data.get("text", "")), False, data.get("annotations"))
        if ev.kind in (EventKind.UTTERANCE_FINISHED, EventKind.UTTERANCE_TRUNCATED):
            utterance_id = data.get("utterance_id")
            start = self.utterance_start_ms.pop(str(utterance_id), None)
            notes: dict[str, Any] = {"utterance_id": utterance_id}
            if ev.kind == EventKind.UTTERANCE_FINISHED:
                return self._line(ev, start, "agent", str(data.get("text", "")), False, notes)
            heard = data.get("text_heard")
            notes.update(full_text=data.get("text"), played_ms=data.get("played_ms"))
            text = str(heard if heard is not None else data.get("text", ""))
            return self._line(ev, start, "agent", text, True, notes)
        return None

    def _line(self, ev: Event, start_ms: Any, speaker: str, text: str, interrupted: bool,
              annotations: Any) -> dict[str, Any]:
        t_ms = float(start_ms) if isinstance(start_ms, int | float) else ev.t_ms
        row = {"seq": self.seq, "t_ms": t_ms, "speaker": speaker, "text": text,
               "interrupted": interrupted, "annotations": annotations}
        self.seq += 1
        return row
