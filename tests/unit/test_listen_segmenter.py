"""SpeechSegmenter decisions on scripted probability sequences (20 ms frames)."""

from __future__ import annotations

import pytest

from chinwag.errors import ConfigError
from chinwag.listen.segmenter import SegmenterConfig, SpeechSegmenter


def run(seg: SpeechSegmenter, probs: list[float]):
    return [seg.update(p) for p in probs]


def test_starts_only_after_min_speech_and_reports_first_frame_of_the_run() -> None:
    seg = SpeechSegmenter(SegmenterConfig(min_speech_ms=60, min_silence_ms=100))
    ups = run(seg, [0.1, 0.1, 0.9, 0.9, 0.9, 0.9])
    assert [u.started for u in ups] == [False, False, False, False, True, False]
    assert [u.in_speech for u in ups] == [False, False, False, False, True, True]
    assert seg.speech_start_frame == 2


def test_a_short_blip_never_starts_speech() -> None:
    seg = SpeechSegmenter(min_speech_ms=60)
    ups = run(seg, [0.9, 0.9, 0.2, 0.9, 0.9, 0.1, 0.1])
    assert not any(u.started or u.in_speech for u in ups)
    assert seg.speech_start_frame is None
    assert seg.utterance_samples() is None


def test_stops_after_min_silence_and_keeps_last_speech_frame() -> None:
    seg = SpeechSegmenter(min_speech_ms=40, min_silence_ms=100)
    probs = [0.8] * 5 + [0.1] * 6
    ups = run(seg, probs)
    stops = [u.frame_index for u in ups if u.stopped]
    assert stops == [9]  # 5 silent frames x 20 ms = 100 ms, reached on frame 9
    assert ups[-1].in_speech is False
    assert seg.last_speech_frame == 4
    assert ups[9].silence_ms == pytest.approx(100.0)


def test_probability_between_thresholds_holds_the_current_state() -> None:
    seg = SpeechSegmenter(min_speech_ms=20, min_silence_ms=60)
    # 0.4 is between stop (0.35) and start (0.5): it neither starts nor stops speech.
    ups = run(seg, [0.4] * 5)
    assert not any(u.in_speech for u in ups)
    ups = run(seg, [0.9] + [0.4] * 10)
    assert all(u.in_speech for u in ups)
    assert seg.last_speech_frame == 15
    assert all(u.silence_ms == 0.0 for u in ups)


def test_short_pause_inside_speech_does_not_stop() -> None:
    seg = SpeechSegmenter(min_speech_ms=40, min_silence_ms=200)
    ups = run(seg, [0.9] * 5 + [0.1] * 9 + [0.9] * 3 + [0.1] * 10)
    assert sum(u.started for u in ups) == 1
    assert sum(u.stopped for u in ups) == 1
    assert seg.last_speech_frame == 16


def test_silence_ms_grows_while_below_stop_threshold() -> None:
    seg = SpeechSegmenter(min_speech_ms=20, min_silence_ms=1000)
    ups = run(seg, [0.9, 0.2, 0.2, 0.2, 0.9])
    assert [u.silence_ms for u in ups] == [0.0, 20.0, 40.0, 60.0, 0.0]


def test_second_utterance_after_stop_is_detected_again() -> None:
    seg = SpeechSegmenter(min_speech_ms=40, min_silence_ms=40)
    ups = run(seg, [0.9] * 3 + [0.0] * 3 + [0.9] * 3 + [0.0] * 3)
    assert [u.frame_index for u in ups if u.started] == [1, 7]
    assert [u.frame_index for u in ups if u.stopped] == [4, 10]
    assert seg.speech_start_frame == 6


def test_utterance_samples_adds_padding_and_clips_at_zero() -> None:
    seg = SpeechSegmenter(min_speech_ms=20, min_silence_ms=40)
    run(seg, [0.0] * 10 + [0.9] * 10 + [0.0] * 5)
    start, end = seg.utterance_samples(pad_before_ms=100, pad_after_ms=60)
    assert start == (10 * 20 - 100) * 16
    assert end == (20 * 20 + 60) * 16
    start, _ = seg.utterance_samples(pad_before_ms=1000)
    assert start == 0
    start, end = seg.utterance_samples(pad_before_ms=0, pad_after_ms=0, first_frame=10)
    assert (start, end) == (0, 10 * 20 * 16)


def test_reset_forgets_everything() -> None:
    seg = SpeechSegmenter(min_speech_ms=20)
    run(seg, [0.9] * 5)
    seg.reset()
    assert not seg.in_speech and seg.speech_start_frame is None
    assert seg.update(0.9).frame_index == 0


def test_bad_thresholds_are_rejected() -> None:
    with pytest.raises(ConfigError):
        SegmenterConfig(start_threshold=0.3, stop_threshold=0.5)
    with pytest.raises(ConfigError):
        SpeechSegmenter(frame_ms=0)
