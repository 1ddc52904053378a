"""The browser wire protocol (version 1): message shapes, limits and error codes.

Binary WebSocket frames carry 16-bit little-endian mono PCM in both directions; text frames carry JSON
objects with a ``type``. Everything here is pure (no sockets), so the rules are unit-testable and
``docs/protocol.md`` can be checked against one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from chinwag.events import Event, EventKind

PROTOCOL_VERSION = 1
DEFAULT_SAMPLE_RATE_HZ = 16_000
MIN_SAMPLE_RATE_HZ = 8_000
MAX_SAMPLE_RATE_HZ = 48_000

# WebSocket close codes (4000-4999 are free for applications).
CLOSE_NORMAL = 1000
CLOSE_BAD_REQUEST = 4400  # the session cannot start (unknown architecture, agent failed to build)
CLOSE_UNAUTHORIZED = 4401  # wrong or missing token
CLOSE_FORBIDDEN_ORIGIN = 4403  # the page's Origin is not allowed
CLOSE_TOO_MANY_VIOLATIONS = 4408  # repeated oversize or malformed messages
CLOSE_RATE_LIMITED = 4429  # kept sending faster than the rate limit
CLOSE_SERVER_ERROR = 1011


class ErrorCode:
    """Values of the ``code`` field of ``{"type": "error"}`` messages."""

    UNAUTHORIZED = "unauthorized"
    FORBIDDEN_ORIGIN = "forbidden_origin"
    MALFORMED = "malformed_message"
    UNKNOWN_TYPE = "unknown_type"
    TOO_LARGE = "message_too_large"
    RATE_LIMITED = "rate_limited"
    BAD_SAMPLE_RATE = "bad_sample_rate"
    BAD_AUDIO = "bad_audio"
    BAD_ARCHITECTURE = "bad_architecture"
    NO_SESSION = "no_session"
    AGENT_ERROR = "agent_error"


@dataclass(frozen=True)
class Limits:
    max_binary_bytes: int = 64 * 1024
    max_text_bytes: int = 8 * 1024
    messages_per_s: float = 100.0  # sustained; browsers send one 20 ms chunk (50/s)
    burst_messages: float = 200.0
    max_violations: int = 10  # oversize/malformed/rate-limited messages before the server hangs up
    max_buffered_ms: int = 500  # user audio held for jitter; older audio is dropped past this


class ProtocolViolation(Exception):
    """A client message broke the protocol; ``code`` goes back to the client, the session goes on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ControlMessage:
    type: str
    fields: dict[str, Any] = field(default_factory=dict)


CLIENT_TYPES = ("session.start", "session.stop", "ping", "playback.position")


def check_sample_rate(value: object) -> int:
    """Validate a client sample rate; raises ``ProtocolViolation`` with what is allowed."""
    try:
        rate = int(str(value))
    except ValueError:
        rate = -1
    if str(rate) != str(value).strip() or not MIN_SAMPLE_RATE_HZ <= rate <= MAX_SAMPLE_RATE_HZ:
        raise ProtocolViolation(
            ErrorCode.BAD_SAMPLE_RATE,
            f"sample_rate {value!r} is not supported; use an integer from {MIN_SAMPLE_RATE_HZ} to "
            f"{MAX_SAMPLE_RATE_HZ} Hz (16000 is best)",
        )
    return rate


def parse_control(text: str) -> ControlMessage:
    """Parse one client JSON text frame."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProtocolViolation(ErrorCode.MALFORMED, f"text frames must be JSON objects: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolViolation(ErrorCode.MALFORMED, 'text frames must be JSON objects with a string "type"')
    kind = data.pop("type")
    if kind not in CLIENT_TYPES:
        raise ProtocolViolation(
            ErrorCode.UNKNOWN_TYPE,
            f"unknown message type {kind!r}; expected one of {', '.join(CLIENT_TYPES)}",
        )
    if kind == "session.start" and "sample_rate" in data:
        data["sample_rate"] = check_sample_rate(data["sample_rate"])
    if kind == "session.start" and "arch" in data and not isinstance(data["arch"], str):
        raise ProtocolViolation(ErrorCode.MALFORMED, '"arch" must be a string such as "cascaded"')
    if kind == "session.start" and "config" in data and not isinstance(data["config"], dict):
        raise ProtocolViolation(ErrorCode.MALFORMED, '"config" must be a JSON object')
    if kind == "playback.position":
        played = data.get("played_samples")
        if not isinstance(played, int) or played < 0:
            raise ProtocolViolation(ErrorCode.MALFORMED, '"played_samples" must be a non-negative integer')
    return ControlMessage(kind, data)


def error_message(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "v": PROTOCOL_VERSION, "code": code, "message": message}


def session_started(session_id: str, sample_rate_hz: int, architecture: str) -> dict[str, Any]:
    return {"type": "session.started", "v": PROTOCOL_VERSION, "session_id": session_id,
            "sample_rate": sample_rate_hz, "architecture": architecture}


def session_ended(session_id: str, status: str, reason: str) -> dict[str, Any]:
    return {"type": "session.ended", "v": PROTOCOL_VERSION, "session_id": session_id,
            "status": status, "reason": reason}


def event_message(event: Event) -> dict[str, Any]:
    """A bus event as the client sees it: the event's stable JSON with ``type: "event"``."""
    return {"type": "event", **event.to_dict()}


FLUSH_KINDS = frozenset({EventKind.BARGE_IN, EventKind.UTTERANCE_TRUNCATED})


def playback_flush(sent_samples: int, event: Event) -> dict[str, Any]:
    """Tells the client to drop every queued agent sample it has (all were sent before
    ``sent_samples``): the agent stopped talking because the user barged in."""
    return {"type": "playback.flush", "v": PROTOCOL_VERSION, "reason": str(event.kind),
            "sent_samples": sent_samples, "t_ms": round(event.t_ms, 1)}


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, default=str)
