"""The --events JSONL file: one parseable line per event, readable while being written."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from chinwag.events import EVENT_SCHEMA_VERSION, Event, EventBus, EventKind
from chinwag.record.jsonl import JsonlEventWriter, read_events


def test_jsonl_writer_lines_parse_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out" / "events.jsonl"
    events = [
        Event(EventKind.SESSION_STARTED, 0.0, "session", {"architecture": "cascaded"}),
        Event(EventKind.TRANSCRIPT_FINAL, 1234.56, "user", {"text": "café — oui", "words": []}),
        Event(EventKind.LATENCY, 1500.0, "agent", {"stage": "tts", "ms": np.float64(42.5), "turn": 1}),
    ]
    writer = JsonlEventWriter(path)
    bus = EventBus()
    bus.subscribe(writer)
    for ev in events[:2]:
        bus.emit(ev)
    # line-buffered: what was emitted is on disk before close
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
    bus.emit(events[2])
    writer.close()

    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["v"] for r in raw] == [EVENT_SCHEMA_VERSION] * 3
    assert raw[1] == {"v": 1, "kind": "transcript.final", "t_ms": 1234.6, "stream": "user",
                      "data": {"text": "café — oui", "words": []}}
    assert raw[2]["data"]["ms"] == 42.5  # numpy value written as a number, not a string

    back = read_events(path)
    assert [e.kind for e in back] == [e.kind for e in events]
    assert back[2].data == {"stage": "tts", "ms": 42.5, "turn": 1}


def test_jsonl_writer_appends(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    for t in (1.0, 2.0):
        with JsonlEventWriter(path) as writer:
            writer(Event(EventKind.FLOOR, t))
    assert [e.t_ms for e in read_events(path)] == [1.0, 2.0]
