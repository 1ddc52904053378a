from __future__ import annotations

import json

import pytest

from chinwag.events import Event, EventKind
from chinwag.io import protocol as p
from chinwag.io.metrics import ServerMetrics
from chinwag.io.transport import TokenBucket, origin_ok, token_ok


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"no_type": 1}', '{"type": 5}'])
def test_malformed_messages_are_rejected_with_malformed_code(text: str) -> None:
    with pytest.raises(p.ProtocolViolation) as err:
        p.parse_control(text)
    assert err.value.code == p.ErrorCode.MALFORMED


def test_unknown_type_names_the_known_ones() -> None:
    with pytest.raises(p.ProtocolViolation) as err:
        p.parse_control('{"type": "session.explode"}')
    assert err.value.code == p.ErrorCode.UNKNOWN_TYPE
    assert "session.start" in err.value.message


def test_session_start_fields_are_checked() -> None:
    msg = p.parse_control('{"type": "session.start", "arch": "hybrid", "sample_rate": "48000"}')
    assert msg.type == "session.start" and msg.fields == {"arch": "hybrid", "sample_rate": 48000}
    for bad in ('{"type": "session.start", "sample_rate": 96000}', '{"type": "session.start", "arch": 3}',
                '{"type": "session.start", "config": [1]}'):
        with pytest.raises(p.ProtocolViolation):
            p.parse_control(bad)


@pytest.mark.parametrize("value", ["7999", "48001", "16k", "", "16000.5", -1])
def test_sample_rates_outside_8k_to_48k_are_refused(value: object) -> None:
    with pytest.raises(p.ProtocolViolation) as err:
        p.check_sample_rate(value)
    assert err.value.code == p.ErrorCode.BAD_SAMPLE_RATE


@pytest.mark.parametrize("value", ["8000", "16000", 44100, "48000"])
def test_sample_rates_in_range_are_accepted(value: object) -> None:
    assert p.check_sample_rate(value) == int(value)


def test_playback_position_needs_a_count() -> None:
    msg = p.parse_control('{"type": "playback.position", "played_samples": 320}')
    assert msg.fields["played_samples"] == 320
    with pytest.raises(p.ProtocolViolation):
        p.parse_control('{"type": "playback.position", "played_samples": -3}')


def test_events_reach_the_client_in_their_stable_json_form() -> None:
    event = Event(EventKind.TRANSCRIPT_FINAL, 1234.56, "user", {"text": "hello"})
    msg = json.loads(p.dumps(p.event_message(event)))
    assert msg == {"type": "event", "v": 1, "kind": "transcript.final", "t_ms": 1234.6, "stream": "user",
                   "data": {"text": "hello"}}
    flush = p.playback_flush(4800, Event(EventKind.BARGE_IN, 10.0, "user"))
    assert flush["type"] == "playback.flush" and flush["reason"] == "barge_in"
    assert flush["sent_samples"] == 4800


def test_token_bucket_allows_bursts_then_the_sustained_rate() -> None:
    now = [0.0]
    bucket = TokenBucket(rate_per_s=10, burst=3, now_s=lambda: now[0])
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.1  # one token back
    assert [bucket.allow() for _ in range(2)] == [True, False]


def test_token_check_and_origin_policy() -> None:
    assert token_ok("abc", "abc") and not token_ok("abd", "abc") and not token_ok(None, "abc")
    assert origin_ok(None, "127.0.0.1:8765", ())  # programs and telephony send no Origin
    assert origin_ok("http://127.0.0.1:8765", "127.0.0.1:8765", ())
    assert not origin_ok("http://evil.example", "127.0.0.1:8765", ())
    assert origin_ok("https://app.example/", "127.0.0.1:8765", ("https://app.example",))


def test_metrics_count_sessions_errors_and_voice_to_voice_latency() -> None:
    m = ServerMetrics()
    m.session_started()
    m.session_started()
    m.session_ended()
    m.observe_event(Event(EventKind.LATENCY, 0, data={"stage": "voice_to_voice", "ms": 420.0}))
    m.observe_event(Event(EventKind.LATENCY, 0, data={"stage": "asr_final", "ms": 99.0}))
    m.observe_event(Event(EventKind.ERROR, 0, data={"message": "x"}))
    text = m.render()
    assert "chinwag_sessions_active 1\n" in text
    assert "chinwag_sessions_total 2\n" in text
    assert "chinwag_errors_total 1\n" in text
    assert 'chinwag_voice_to_voice_ms_bucket{le="300"} 0\n' in text
    assert 'chinwag_voice_to_voice_ms_bucket{le="500"} 1\n' in text
    assert "chinwag_voice_to_voice_ms_count 1\n" in text and "chinwag_voice_to_voice_ms_sum 420\n" in text
