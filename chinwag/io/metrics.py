"""Server counters in the Prometheus text format (``GET /metrics``).

Four series are enough to watch a voice server: live sessions, sessions served, errors, and the
voice-to-voice latency histogram (end of user speech to the first agent sample, from the agents'
``latency`` events). Written by hand because the format is a few lines of text; pulling in a client
library for it would add a dependency and global registries.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from chinwag.events import Event, EventKind

LATENCY_BUCKETS_MS: tuple[float, ...] = (100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000)
_LATENCY_VALUE_KEYS = ("ms", "latency_ms", "value_ms", "duration_ms")


def latency_ms_of(event: Event) -> float | None:
    """The milliseconds a ``latency`` event reports, whatever key the agent used for them."""
    for key in _LATENCY_VALUE_KEYS:
        value = event.data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


@dataclass
class Histogram:
    buckets: tuple[float, ...] = LATENCY_BUCKETS_MS
    counts: list[int] = field(default_factory=list)
    total: float = 0.0
    count: int = 0

    def __post_init__(self) -> None:
        self.counts = [0] * len(self.buckets)

    def observe(self, value: float) -> None:
        for i, edge in enumerate(self.buckets):
            if value <= edge:
                self.counts[i] += 1
        self.total += value
        self.count += 1


class ServerMetrics:
    """Thread-safe because agents may emit events from worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sessions_active = 0
        self.sessions_total = 0
        self.errors_total = 0
        self.voice_to_voice = Histogram()

    def session_started(self) -> None:
        with self._lock:
            self.sessions_active += 1
            self.sessions_total += 1

    def session_ended(self) -> None:
        with self._lock:
            self.sessions_active = max(0, self.sessions_active - 1)

    def error(self) -> None:
        with self._lock:
            self.errors_total += 1

    def observe_event(self, event: Event) -> None:
        if event.kind == EventKind.ERROR:
            self.error()
        elif event.kind == EventKind.LATENCY and event.data.get("stage") == "voice_to_voice":
            value = latency_ms_of(event)
            if value is not None:
                with self._lock:
                    self.voice_to_voice.observe(value)

    def render(self) -> str:
        with self._lock:
            h = self.voice_to_voice
            lines = [
                "# HELP chinwag_sessions_active Live conversations right now.",
                "# TYPE chinwag_sessions_active gauge",
                f"chinwag_sessions_active {self.sessions_active}",
                "# HELP chinwag_sessions_total Conversations started since the server started.",
                "# TYPE chinwag_sessions_total counter",
                f"chinwag_sessions_total {self.sessions_total}",
                "# HELP chinwag_errors_total Error events from agents, and agents that failed to start.",
                "# TYPE chinwag_errors_total counter",
                f"chinwag_errors_total {self.errors_total}",
                "# HELP chinwag_voice_to_voice_ms End of user speech to first agent sample.",
                "# TYPE chinwag_voice_to_voice_ms histogram",
            ]
            for edge, count in zip(h.buckets, h.counts, strict=True):
                lines.append(f'chinwag_voice_to_voice_ms_bucket{{le="{edge:g}"}} {count}')
            lines += [
                f'chinwag_voice_to_voice_ms_bucket{{le="+Inf"}} {h.count}',
                f"chinwag_voice_to_voice_ms_sum {h.total:g}",
                f"chinwag_voice_to_voice_ms_count {h.count}",
            ]
        return "\n".join(lines) + "\n"
