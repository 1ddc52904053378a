"""Round trips through the records database (SQLite files in tmp_path)."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from chinwag.events import Event, EventBus, EventKind
from chinwag.record.schema import sessions
from chinwag.record.store import RecordError, RecordStore, SessionNotFoundError, default_url


class FakeWallClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "chinwag.db"


@pytest.fixture
def store(db_path: Path):
    s = RecordStore(f"sqlite:///{db_path}")
    yield s
    s.close()


def _conversation() -> list[Event]:
    hello, offer = "Hello, how can I help?", "Sure, for what time?"
    return [
        Event(EventKind.SESSION_STARTED, 0.0, "session", {"architecture": "cascaded"}),
        Event(EventKind.UTTERANCE_STARTED, 100.0, "agent", {"utterance_id": "u1", "text": hello}),
        Event(EventKind.UTTERANCE_FINISHED, 1900.0, "agent", {"utterance_id": "u1", "text": hello}),
        Event(EventKind.SPEECH_STARTED, 2500.0, "user"),
        Event(EventKind.TRANSCRIPT_FINAL, 4200.0, "user",
              {"text": "I'd like a table for two", "annotations": [{"label": "hesitant"}]}),
        Event(EventKind.LATENCY, 4700.0, "agent",
              {"stage": "llm_first_token", "ms": np.float32(180.0), "turn": 1}),
        Event(EventKind.UTTERANCE_STARTED, 4900.0, "agent", {"utterance_id": "u2", "text": offer}),
        Event(EventKind.SPEECH_STARTED, 5300.0, "user"),
        Event(EventKind.UTTERANCE_TRUNCATED, 5400.0, "agent",
              {"utterance_id": "u2", "text": offer, "text_heard": "Sure,", "played_ms": 500}),
        Event(EventKind.TRANSCRIPT_FINAL, 6500.0, "user", {"text": "seven pm", "start_ms": 5350.0}),
        Event(EventKind.SESSION_ENDED, 7000.0, "session", {"reason": "completed"}),
    ]


def test_session_events_and_transcript_round_trip(store: RecordStore, db_path: Path) -> None:
    store.start_session("abc123", "cascaded", {"llm": "qwen", "temperature": 0.2}, input_path="in.wav")
    bus = EventBus()
    bus.subscribe(store.event_sink("abc123"))
    for ev in _conversation():
        bus.emit(ev)
    store.end_session("abc123", "completed", {"booking": {"party": 2, "time": "19:00"}},
                      {"llm_first_token": {"count": 1, "p50_ms": 180.0}}, output_path=Path("out.wav"))
    store.flush()

    rec = store.get_session("abc123")
    assert (rec.id, rec.architecture, rec.status) == ("abc123", "cascaded", "completed")
    assert rec.config == {"llm": "qwen", "temperature": 0.2}
    assert rec.result == {"booking": {"party": 2, "time": "19:00"}}
    assert rec.latency["llm_first_token"]["p50_ms"] == 180.0
    assert (rec.input_path, rec.output_path) == ("in.wav", "out.wav")
    assert rec.ended_at is not None and rec.ended_at >= rec.started_at
    assert [e.kind for e in rec.events] == [e.kind for e in _conversation()]
    assert [e.t_ms for e in rec.events] == [e.t_ms for e in _conversation()]
    assert rec.events[5].data == {"stage": "llm_first_token", "ms": 180.0, "turn": 1}  # numpy → JSON

    lines = [(ln.speaker, ln.t_ms, ln.text, ln.interrupted) for ln in rec.transcript]
    assert lines == [
        ("agent", 100.0, "Hello, how can I help?", False),
        ("user", 2500.0, "I'd like a table for two", False),
        ("agent", 4900.0, "Sure,", True),  # only what the user heard
        ("user", 5350.0, "seven pm", False),
    ]
    assert rec.transcript[1].annotations == [{"label": "hesitant"}]
    assert rec.transcript[2].annotations["full_text"] == "Sure, for what time?"

    # a second store (as a new process would) reads the same data
    store.close()
    with RecordStore(f"sqlite:///{db_path}") as again:
        assert again.get_session("abc").transcript == rec.transcript


def test_sqlite_runs_in_wal_mode(store: RecordStore, db_path: Path) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file
    raw.close()


def test_default_url_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHINWAG_DB", str(tmp_path / "x" / "db.sqlite"))
    assert default_url() == f"sqlite:///{tmp_path / 'x' / 'db.sqlite'}"
    monkeypatch.setenv("CHINWAG_DB", "postgresql+psycopg://u:p@host/db")
    assert default_url() == "postgresql+psycopg://u:p@host/db"
    monkeypatch.setenv("CHINWAG_DB", str(tmp_path / "y" / "db.sqlite"))
    with RecordStore() as s:
        s.start_session("s1", "hybrid", {})
    assert (tmp_path / "y" / "db.sqlite").exists()


def test_in_memory_url_shares_one_database_across_threads() -> None:
    with RecordStore("sqlite://") as s:
        s.start_session("m1", "s2s", {})
        s.event_sink("m1")(Event(EventKind.BARGE_IN, 10.0, "user"))
        assert [e.kind for e in s.get_session("m1").events] == [EventKind.BARGE_IN]


def test_concurrent_sessions_from_two_threads(store: RecordStore) -> None:
    n = 300

    def run(session_id: str) -> None:
        store.start_session(session_id, "cascaded", {"thread": session_id})
        sink = store.event_sink(session_id)
        for i in range(n):
            sink(Event(EventKind.LLM_TOKEN, float(i), "agent", {"i": i, "who": session_id}))
        store.end_session(session_id, "completed", {}, {})

    threads = [threading.Thread(target=run, args=(sid,)) for sid in ("thread-a", "thread-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for sid in ("thread-a", "thread-b"):
        rec = store.get_session(sid)
        assert rec.status == "completed"
        assert [e.data["i"] for e in rec.events] == list(range(n))
        assert {e.data["who"] for e in rec.events} == {sid}
    assert {s.id: s.event_count for s in store.list_sessions()} == {"thread-a": n, "thread-b": n}


def test_get_session_by_prefix(store: RecordStore) -> None:
    for sid in ("a1b2c3", "a1ffff", "b_%"):
        store.start_session(sid, "cascaded", {})
    assert store.get_session("a1b").id == "a1b2c3"
    assert store.get_session("a1b2c3").id == "a1b2c3"
    with pytest.raises(SessionNotFoundError, match="several"):
        store.get_session("a1")
    with pytest.raises(SessionNotFoundError, match="sessions list"):
        store.get_session("zz")
    with pytest.raises(SessionNotFoundError):
        store.get_session("b__")  # '_' is literal, not a wildcard
    assert store.get_session("b_").id == "b_%"


def test_list_sessions_newest_first_with_limit(db_path: Path) -> None:
    clock = FakeWallClock()
    with RecordStore(f"sqlite:///{db_path}", wall_clock=clock) as s:
        for i in range(5):
            s.start_session(f"s{i}", "hybrid", {})
            clock.advance(10)
        s.end_session("s4", "error: ModelError: timed out", {}, {})
        summaries = s.list_sessions(limit=3)
    assert [x.id for x in summaries] == ["s4", "s3", "s2"]
    assert summaries[0].status == "error: ModelError: timed out"
    assert summaries[0].duration_s == 10.0
    assert summaries[1].duration_s is None


def test_mark_interrupted_only_touches_stale_sessions_of_other_processes(db_path: Path) -> None:
    clock = FakeWallClock()
    url = f"sqlite:///{db_path}"
    crashed = RecordStore(url, wall_clock=clock)
    crashed.start_session("dead", "cascaded", {})
    crashed.start_session("done", "cascaded", {})
    crashed.end_session("done", "completed", {}, {})
    crashed.flush()
    crashed._writer.stop()  # simulate the process dying: no more heartbeats, session left running

    live = RecordStore(url, wall_clock=clock)
    live.start_session("live", "cascaded", {})
    clock.advance(30)
    assert live.mark_interrupted_sessions(stale_after_s=60) == []  # 'dead' not stale yet
    clock.advance(60)
    assert live.mark_interrupted_sessions(stale_after_s=60) == ["dead"]  # 'live' is ours
    statuses = {s.id: s.status for s in live.list_sessions()}
    assert statuses == {"dead": "interrupted", "done": "completed", "live": "running"}
    assert live.get_session("dead").ended_at == live.get_session("dead").started_at
    live.close()


def test_open_sessions_keep_a_heartbeat_while_quiet(db_path: Path) -> None:
    clock = FakeWallClock()
    with RecordStore(f"sqlite:///{db_path}", wall_clock=clock, heartbeat_s=0.01) as s:
        s.start_session("quiet", "cascaded", {})
        s.start_session("ended", "cascaded", {})
        s.end_session("ended", "completed", {}, {})
        s.flush()
        clock.advance(120)
        time.sleep(0.05)  # longer than heartbeat_s: at least one heartbeat is due by the flush
        s.flush()
        with s.engine.connect() as conn:
            beats = dict(conn.execute(select(sessions.c.id, sessions.c.heartbeat_at)).all())
        assert datetime.fromisoformat(beats["quiet"]) == clock.now
        assert datetime.fromisoformat(beats["ended"]) < clock.now
        assert s.mark_interrupted_sessions(stale_after_s=60) == []


def test_invalid_use_gives_actionable_errors(store: RecordStore) -> None:
    with pytest.raises(RecordError, match="start_session"):
        store.event_sink("nope")
    store.start_session("x", "cascaded", {})
    with pytest.raises(RecordError, match="already"):
        store.start_session("x", "cascaded", {})
    with pytest.raises(RecordError, match="status"):
        store.end_session("x", "finished", {}, {})
    sink = store.event_sink("x")
    store.close()
    with pytest.raises(RecordError, match="closed"):
        sink(Event(EventKind.FLOOR, 1.0))


def test_session_id_recorded_by_another_store_is_refused(db_path: Path) -> None:
    with RecordStore(f"sqlite:///{db_path}") as first:
        first.start_session("dup", "cascaded", {})
    with RecordStore(f"sqlite:///{db_path}") as second, pytest.raises(RecordError, match="already recorded"):
        second.start_session("dup", "cascaded", {})


def test_unopenable_database_names_the_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(RecordError, match="CHINWAG_DB"):
        RecordStore(f"sqlite:///{blocker}/sub/db.sqlite")
