"""Events: the log of everything that happened in a conversation.

One event model serves every architecture. The recorder stores events, the benchmark scores them and
the browser shows them, so their JSON form is stable: ``{"v": 1, "kind", "t_ms", "stream", "data"}``.
``t_ms`` is on the conversation clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

EVENT_SCHEMA_VERSION = 1


class EventKind(StrEnum):
    SESSION_STARTED = "session.started"
    SESSION_ENDED = "session.ended"
    INPUT_WARNING = "input.warning"
    SPEECH_STARTED = "speech.started"
    SPEECH_STOPPED = "speech.stopped"
    TRANSCRIPT_PARTIAL = "transcript.partial"
    TRANSCRIPT_FINAL = "transcript.final"
    TURN_END = "turn.end"
    LLM_REQUEST = "llm.request"
    LLM_TOKEN = "llm.token"
    LLM_DONE = "llm.done"
    FLOW_STATE = "flow.state"
    FLOW_RESULT = "flow.result"
    GUARDRAIL = "guardrail"
    TTS_CHUNK = "tts.chunk"
    UTTERANCE_STARTED = "utterance.started"
    UTTERANCE_TRUNCATED = "utterance.truncated"
    UTTERANCE_FINISHED = "utterance.finished"
    BARGE_IN = "barge_in"
    INTERRUPTION_SUSPECTED = "interruption.suspected"
    INTERRUPTION_RESUMED = "interruption.resumed"
    BACKCHANNEL = "backchannel"
    FLOOR = "floor"
    LATENCY = "latency"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    t_ms: float
    stream: str = "agent"
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": EVENT_SCHEMA_VERSION,
            "kind": str(self.kind),
            "t_ms": round(self.t_ms, 1),
            "stream": self.stream,
            "data": self.data,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, default=str)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(EventKind(d["kind"]), float(d["t_ms"]), d.get("stream", "agent"), dict(d.get("data", {})))


EventSink = Callable[[Event], None]


class EventBus:
    """Fan-out of events to sinks (recorder, JSONL file, websocket). A failing sink never stops the
    conversation: its error is logged and it is dropped."""

    def __init__(self) -> None:
        self._sinks: list[EventSink] = []
        self.history: list[Event] = []

    def subscribe(self, sink: EventSink) -> None:
        self._sinks.append(sink)

    def emit(self, event: Event) -> None:
        self.history.append(event)
        for sink in list(self._sinks):
            try:
                sink(event)
            except Exception:  # a broken sink must not kill the call
                import logging

                logging.getLogger(__name__).exception("event sink failed; removing it")
                self._sinks.remove(sink)

    def of_kind(self, kind: EventKind) -> list[Event]:
        return [e for e in self.history if e.kind == kind]
