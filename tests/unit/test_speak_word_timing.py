from __future__ import annotations

import numpy as np

from chinwag.speak.word_timing import (
    estimate_word_times,
    find_speech_regions,
    heard_text,
    speakable_words,
    words_heard,
)

RATE = 16_000


def tone(ms: float, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(RATE * ms / 1000)) / RATE
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def silence(ms: float) -> np.ndarray:
    return np.zeros(int(RATE * ms / 1000), dtype=np.float32)


def fake_utterance(segments: list[tuple[str, float]]) -> np.ndarray:
    """("tone"|"gap", ms) pieces joined: a synthetic envelope with known voiced regions."""
    return np.concatenate([tone(ms) if kind == "tone" else silence(ms) for kind, ms in segments])


def test_speakable_words_drop_symbols() -> None:
    assert speakable_words("Well — I think 🙂 so, 7:30 ok?") == ["Well", "I", "think", "so,", "7:30", "ok?"]


def test_estimate_without_audio_is_ordered_and_covers_the_duration() -> None:
    times = estimate_word_times("Hello there, how are you today?", n_samples=RATE * 2)
    assert [w for w, _, _ in times] == ["Hello", "there,", "how", "are", "you", "today?"]
    assert times[0][1] == 0.0 and abs(times[-1][2] - 2000.0) < 1e-6
    flat = [x for _, s, e in times for x in (s, e)]
    assert flat == sorted(flat)


def test_longer_words_get_longer_spans() -> None:
    times = dict((w, e - s) for w, s, e in estimate_word_times("a extraordinarily b", n_samples=RATE))
    assert times["extraordinarily"] > 5 * times["a"]


def test_punctuation_leaves_a_pause() -> None:
    plain = estimate_word_times("one two three four", n_samples=RATE)
    comma = estimate_word_times("one two, three four", n_samples=RATE)
    assert comma[2][1] - comma[1][2] > plain[2][1] - plain[1][2]


def test_speech_regions_find_edges_and_gaps() -> None:
    audio = fake_utterance([("gap", 200), ("tone", 500), ("gap", 300), ("tone", 400), ("gap", 100)])
    regions = find_speech_regions(audio)
    assert regions is not None
    assert abs(regions.start_ms - 200) <= 10 and abs(regions.end_ms - 1400) <= 10
    assert len(regions.gaps_ms) == 1
    g0, g1 = regions.gaps_ms[0]
    assert abs(g0 - 700) <= 10 and abs(g1 - 1000) <= 10


def test_silent_audio_has_no_regions() -> None:
    assert find_speech_regions(silence(500)) is None


def test_audio_snaps_boundaries_to_silent_gap_and_skips_edges() -> None:
    # "Okay, let me check that" with the pause after "Okay," placed later than letters alone predict.
    audio = fake_utterance([("gap", 150), ("tone", 600), ("gap", 350), ("tone", 800), ("gap", 250)])
    times = estimate_word_times("Okay, let me check that", len(audio), RATE, audio=audio)
    okay, let = times[0], times[1]
    assert abs(okay[1] - 150) <= 10  # leading silence skipped
    assert abs(okay[2] - 750) <= 10  # the word ends where the gap starts
    assert abs(let[1] - 1100) <= 10  # the next word starts where the gap ends
    assert abs(times[-1][2] - 1900) <= 10  # trailing silence skipped
    flat = [x for _, s, e in times for x in (s, e)]
    assert flat == sorted(flat)


def test_gap_far_from_any_boundary_is_ignored_but_order_kept() -> None:
    audio = fake_utterance([("tone", 2000), ("gap", 100), ("tone", 100)])
    times = estimate_word_times("alpha beta gamma delta epsilon zeta", len(audio), RATE, audio=audio)
    flat = [x for _, s, e in times for x in (s, e)]
    assert flat == sorted(flat)
    assert times[-1][2] <= len(audio) * 1000 / RATE


def test_words_heard_uses_midpoints() -> None:
    times = [("one", 0.0, 100.0), ("two", 100.0, 300.0), ("three", 300.0, 500.0)]
    assert words_heard(times, 0) == []
    assert words_heard(times, 199) == ["one"]
    assert words_heard(times, 200) == ["one", "two"]
    assert heard_text(times, 10_000) == "one two three"


def test_empty_inputs() -> None:
    assert estimate_word_times("", RATE) == []
    assert estimate_word_times("hello", 0) == []
