"""A process killed with SIGKILL keeps every event its writer committed before the kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import chinwag
from chinwag.events import EventKind
from chinwag.record.store import RecordStore

REPO_ROOT = Path(chinwag.__file__).resolve().parent.parent

# The child never calls flush(): it waits (through a separate read-only connection, as another
# process would) until the background writer has committed everything, then kills itself.
CHILD = textwrap.dedent("""
    import os, sqlite3, sys, time
    from chinwag.events import Event, EventBus, EventKind
    from chinwag.record.store import RecordStore

    db, n = sys.argv[1], int(sys.argv[2])
    store = RecordStore("sqlite:///" + db)
    store.start_session("crashy", "cascaded", {"why": "kill -9 test"})
    bus = EventBus()
    bus.subscribe(store.event_sink("crashy"))
    for i in range(n):
        if i == n // 2:
            bus.emit(Event(EventKind.TRANSCRIPT_FINAL, i * 20.0, "user", {"text": "are you there"}))
        else:
            bus.emit(Event(EventKind.FLOOR, i * 20.0, "agent", {"i": i}))
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if reader.execute("select count(*) from events").fetchone()[0] == n:
            break
        time.sleep(0.01)
    reader.close()
    os.kill(os.getpid(), 9)
""")


class FakeWallClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_events_survive_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    n = 200
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(db), str(n)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert Path(f"{db}-wal").exists()  # killed mid-WAL: the reader below must recover from it

    later = FakeWallClock(datetime.now(UTC) + timedelta(minutes=5))
    with RecordStore(f"sqlite:///{db}", wall_clock=later) as store:
        rec = store.get_session("crashy")
        assert rec.status == "running"
        assert len(rec.events) == n
        assert [e.data.get("i") for e in rec.events if e.kind == EventKind.FLOOR] == [
            i for i in range(n) if i != n // 2]
        assert [(ln.speaker, ln.text) for ln in rec.transcript] == [("user", "are you there")]

        assert store.mark_interrupted_sessions(stale_after_s=60) == ["crashy"]
        assert store.get_session("crashy").status == "interrupted"
