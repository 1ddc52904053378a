"""Readable summaries of recorded sessions: the latency table and the text ``chinwag sessions``
prints. Plain text, so it reads the same in a terminal, a log and a test."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from chinwag.events import Event, EventKind
from chinwag.record.schema import SessionRecord, SessionSummary


def latency_summary(events: Iterable[Event]) -> dict[str, dict[str, float | int]]:
    """Per-stage ``count``, ``mean_ms``, ``p50_ms``, ``p95_ms`` and ``max_ms`` from LATENCY events
    (data ``{"stage", "ms", "turn"}``). Events without a finite ``ms`` are left out."""
    by_stage: dict[str, list[float]] = defaultdict(list)
    for ev in events:
        if ev.kind != EventKind.LATENCY:
            continue
        stage, ms = ev.data.get("stage"), ev.data.get("ms")
        if stage is None or isinstance(ms, bool) or not isinstance(ms, int | float | np.number):
            continue
        if math.isfinite(float(ms)):
            by_stage[str(stage)].append(float(ms))
    summary: dict[str, dict[str, float | int]] = {}
    for stage in sorted(by_stage):
        values = np.asarray(by_stage[stage], dtype=np.float64)
        p50, p95 = np.percentile(values, [50, 95])
        summary[stage] = {"count": int(values.size), "mean_ms": round(float(values.mean()), 1),
                          "p50_ms": round(float(p50), 1), "p95_ms": round(float(p95), 1),
                          "max_ms": round(float(values.max()), 1)}
    return summary


def _clock(t_ms: float) -> str:
    """Conversation time as m:ss.s."""
    minutes, seconds = divmod(max(t_ms, 0.0) / 1000.0, 60.0)
    return f"{int(minutes):d}:{seconds:04.1f}"


def _annotations_text(annotations: Any) -> str:
    if not annotations:
        return ""
    if isinstance(annotations, list):
        return " ".join(f"[{a.get('label', a) if isinstance(a, dict) else a}]" for a in annotations)
    if isinstance(annotations, dict):
        return " ".join(f"[{k}: {v}]" for k, v in annotations.items())
    return f"[{annotations}]"


def format_latency_table(latency: dict[str, Any]) -> str:
    if not latency:
        return "  (no latency measurements)"
    width = max(len("stage"), *(len(s) for s in latency))
    lines = [f"  {'stage':<{width}}  {'count':>5}  {'p50 ms':>8}  {'p95 ms':>8}  {'mean ms':>8}"]
    for stage, row in latency.items():
        lines.append(f"  {stage:<{width}}  {row.get('count', 0):>5}  {row.get('p50_ms', float('nan')):>8.1f}"
                     f"  {row.get('p95_ms', float('nan')):>8.1f}  {row.get('mean_ms', float('nan')):>8.1f}")
    return "\n".join(lines)


def format_session(record: SessionRecord) -> str:
    lines = [
        f"session {record.id}  ({record.architecture})",
        f"  status:  {record.status}",
        f"  started: {record.started_at}",
        f"  ended:   {record.ended_at or '-'}",
    ]
    if record.input_path:
        lines.append(f"  input:   {record.input_path}")
    if record.output_path:
        lines.append(f"  output:  {record.output_path}")
    lines.append(f"  events:  {len(record.events)}")
    lines += ["", "transcript:"]
    if not record.transcript:
        lines.append("  (nothing said)")
    for line in record.transcript:
        text = line.text
        # agent lines carry bookkeeping (utterance id, full text), not paralinguistic annotations
        notes = "" if line.speaker == "agent" else _annotations_text(line.annotations)
        if line.interrupted:
            text = f"{text} — [cut off]" if text else "[cut off before any word was heard]"
        lines.append(f"  {_clock(line.t_ms):>7}  {line.speaker:<5}  {text}{'  ' + notes if notes else ''}")
    lines += ["", "result:"]
    if record.result:
        lines += ["  " + row for row in json.dumps(record.result, indent=2, ensure_ascii=False,
                                                    default=str).splitlines()]
    else:
        lines.append("  (none)")
    lines += ["", "latency:", format_latency_table(record.latency)]
    return "\n".join(lines)


def format_session_list(summaries: list[SessionSummary]) -> str:
    if not summaries:
        return "no sessions recorded yet"
    lines = [f"{'id':<14}  {'started (UTC)':<19}  {'architecture':<12}  {'duration':>8}  {'events':>6}  "
             "status"]
    for s in summaries:
        duration = s.duration_s
        shown = "-" if duration is None else f"{duration:.1f}s"
        started = s.started_at[:19].replace("T", " ")
        lines.append(f"{s.id:<14}  {started:<19}  {s.architecture:<12}  {shown:>8}  {s.event_count:>6}  "
                     f"{s.status}")
    return "\n".join(lines)
