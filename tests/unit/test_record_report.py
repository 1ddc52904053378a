"""Latency statistics and the text shown by `chinwag sessions`."""

from __future__ import annotations

import numpy as np

from chinwag.events import Event, EventKind
from chinwag.record.report import format_session, format_session_list, latency_summary
from chinwag.record.schema import SessionRecord, SessionSummary, TranscriptLine


def _latency(stage: str, ms: object, turn: int = 0) -> Event:
    return Event(EventKind.LATENCY, 0.0, "agent", {"stage": stage, "ms": ms, "turn": turn})


def test_latency_summary_per_stage() -> None:
    asr = [float(v) for v in range(1, 101)]  # 1..100 ms
    events = [_latency("asr_final", v, i) for i, v in enumerate(asr)]
    events += [_latency("first_audio", 400.0), _latency("first_audio", np.float32(600.0))]
    events += [Event(EventKind.FLOOR, 0.0, "agent", {"stage": "asr_final", "ms": 9999.0}),  # not LATENCY
               _latency("first_audio", float("nan")), _latency("first_audio", None)]  # unusable values

    summary = latency_summary(events)

    assert list(summary) == ["asr_final", "first_audio"]
    assert summary["asr_final"] == {"count": 100, "mean_ms": 50.5, "p50_ms": 50.5,
                                    "p95_ms": round(float(np.percentile(asr, 95)), 1), "max_ms": 100.0}
    assert summary["asr_final"]["p95_ms"] == 95.0
    assert summary["first_audio"] == {"count": 2, "mean_ms": 500.0, "p50_ms": 500.0, "p95_ms": 590.0,
                                      "max_ms": 600.0}
    assert latency_summary([]) == {}


def test_format_session_shows_transcript_result_and_latency() -> None:
    rec = SessionRecord(
        id="abc123def456", architecture="hybrid", status="completed",
        started_at="2026-01-01T12:00:00.000+00:00", ended_at="2026-01-01T12:01:05.500+00:00",
        config={}, result={"booking": {"party": 2}},
        latency={"first_audio": {"count": 3, "mean_ms": 510.0, "p50_ms": 500.0, "p95_ms": 580.0}},
        input_path="caller.wav", output_path="call.wav", events=[],
        transcript=[
            TranscriptLine(0, 100.0, "agent", "Hello, how can I help?"),
            TranscriptLine(1, 2500.0, "user", "um a table", annotations=[{"label": "hesitant"}]),
            TranscriptLine(2, 64000.0, "agent", "Sure,", interrupted=True,
                           annotations={"utterance_id": "u2"}),
        ],
    )
    text = format_session(rec)
    assert "session abc123def456  (hybrid)" in text
    assert "0:00.1  agent  Hello, how can I help?" in text
    assert "0:02.5  user   um a table  [hesitant]" in text
    assert "1:04.0  agent  Sure, — [cut off]" in text
    assert "utterance_id" not in text
    assert '"party": 2' in text
    assert "first_audio" in text and "500.0" in text and "580.0" in text
    assert "input:   caller.wav" in text


def test_format_session_list() -> None:
    rows = [SessionSummary("abc123", "cascaded", "completed", "2026-01-01T12:00:00.000+00:00",
                           "2026-01-01T12:00:42.000+00:00", 120, 6),
            SessionSummary("def456", "s2s", "running", "2026-01-01T11:00:00.000+00:00", None, 3, 0)]
    lines = format_session_list(rows).splitlines()
    assert lines[0].split() == ["id", "started", "(UTC)", "architecture", "duration", "events", "status"]
    assert lines[1].split() == ["abc123", "2026-01-01", "12:00:00", "cascaded", "42.0s", "120", "completed"]
    assert lines[2].split() == ["def456", "2026-01-01", "11:00:00", "s2s", "-", "3", "running"]
    assert format_session_list([]) == "no sessions recorded yet"
