"""The latency bench names what held each slow end of turn (the p95 row's turns)."""

from __future__ import annotations

import numpy as np

from chinwag.bench.latency import _slow_ends
from chinwag.conversation import ConversationResult
from chinwag.events import Event, EventKind


def _result(events: list[Event]) -> ConversationResult:
    return ConversationResult("s", np.zeros((0, 2)), events, {}, {}, 0)


def test_slow_ends_list_the_gate_reason_and_probe_logit_of_each_late_commit() -> None:
    events = [
        Event(EventKind.TURN_END, 1000.0, "user", {"turn": 1, "reason": "predictor", "tail_logit": 2.1}),
        Event(EventKind.LATENCY, 1000.0, data={"stage": "end_of_turn", "ms": 320.0, "turn": 1}),
        Event(EventKind.TURN_END, 9000.0, "user", {"turn": 2, "reason": "cap", "tail_logit": -3.2}),
        Event(EventKind.LATENCY, 9000.0, data={"stage": "end_of_turn", "ms": 3000.0, "turn": 2}),
        Event(EventKind.LATENCY, 9100.0, data={"stage": "voice_to_voice", "ms": 3100.0, "turn": 2}),
    ]
    slow = _slow_ends([_result([]), _result(events)])
    assert slow == [{"call": 1, "turn": 2, "end_of_turn_ms": 3000.0, "reason": "cap", "tail_logit": -3.2}]


def test_a_slow_end_without_its_turn_end_event_still_shows_its_time() -> None:
    events = [Event(EventKind.LATENCY, 5000.0, data={"stage": "end_of_turn", "ms": 1800.0, "turn": 4})]
    assert _slow_ends([_result(events)]) == [
        {"call": 0, "turn": 4, "end_of_turn_ms": 1800.0, "reason": None, "tail_logit": None}]
