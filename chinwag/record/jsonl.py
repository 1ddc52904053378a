"""``--events events.jsonl``: every event as one JSON line, for tools that read logs rather than a
database. Line-buffered, so each event reaches the OS as soon as it is emitted and a killed process
leaves a file that parses up to its last event."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import IO

from chinwag.events import Event
from chinwag.record.schema import dumps


class JsonlEventWriter:
    """An ``EventBus`` sink. Appends, so one file can hold several runs (each starts with its
    ``session.started`` event)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = self.path.open("a", encoding="utf-8", buffering=1)
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        line = dumps(event.to_dict()) + "\n"
        with self._lock:
            if self._file is None:
                raise ValueError(f"events file {self.path} is closed; create a new JsonlEventWriter")
            self._file.write(line)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def __enter__(self) -> JsonlEventWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_events(path: str | Path) -> list[Event]:
    """Events back from a JSONL file (what the benchmark and tests read)."""
    import json

    with Path(path).open(encoding="utf-8") as f:
        return [Event.from_dict(json.loads(line)) for line in f if line.strip()]
