from __future__ import annotations

import itertools
import random
import threading

import numpy as np
import pytest

from chinwag.speak.backchannels import BackchannelBank
from chinwag.speak.clauses import split_for_speech
from chinwag.speak.piper_tts import PiperSynthesizer
from chinwag.speak.types import SpeechStyle
from chinwag.speak.word_timing import estimate_word_times, find_speech_regions, words_heard

pytestmark = pytest.mark.integration

RATE = 16_000
SENTENCE = "Sure, I can book a table for four at seven thirty tonight, and I'll send the confirmation."


@pytest.fixture(scope="module")
def piper() -> PiperSynthesizer:
    return PiperSynthesizer()


def midpoints(times: list[tuple[str, float, float]]) -> np.ndarray:
    return np.array([(s + e) / 2 for _, s, e in times])


def test_sentence_is_16k_speech_of_plausible_length(piper: PiperSynthesizer) -> None:
    audio = piper.synthesize(SENTENCE)
    assert audio.dtype == np.float32 and audio.ndim == 1
    seconds = len(audio) / RATE
    assert 3.0 < seconds < 10.0  # 16 words at a conversational 2-5 words per second
    assert 0.5 < float(np.abs(audio).max()) <= 1.0
    regions = find_speech_regions(audio)
    assert regions is not None and regions.end_ms - regions.start_ms > 0.8 * seconds * 1000


def test_rate_knob_changes_duration(piper: PiperSynthesizer) -> None:
    # expressiveness=0 removes the duration noise, so lengths follow the rate alone.
    def length(rate: float) -> int:
        return len(piper.synthesize(SENTENCE, SpeechStyle(rate=rate, expressiveness=0.0)))

    # Not exactly 1/rate: piper rounds every phoneme's length up to whole frames.
    normal = length(1.0)
    assert 0.6 < length(1.5) / normal < 0.85
    assert 1.2 < length(0.75) / normal < 1.45


def test_expressiveness_zero_is_deterministic(piper: PiperSynthesizer) -> None:
    flat = SpeechStyle(expressiveness=0.0)
    assert np.array_equal(piper.synthesize("Good morning.", flat), piper.synthesize("Good morning.", flat))
    assert not np.array_equal(piper.synthesize("Good morning."), piper.synthesize("Good morning."))


def test_volume_knob_scales_level(piper: PiperSynthesizer) -> None:
    loud = float(np.abs(piper.synthesize("Okay, sounds good.")).max())
    quiet = float(np.abs(piper.synthesize("Okay, sounds good.", SpeechStyle(volume=0.5))).max())
    assert quiet == pytest.approx(loud / 2, rel=0.1)


def test_empty_text_gives_no_audio(piper: PiperSynthesizer) -> None:
    assert len(piper.synthesize("   ")) == 0


def test_model_durations_give_word_timings(piper: PiperSynthesizer) -> None:
    assert piper.capabilities.word_timings
    timed = piper.synthesize_timed(SENTENCE)
    assert timed.aligned
    assert [w for w, _, _ in timed.words] == SENTENCE.split()
    flat = [x for _, s, e in timed.words for x in (s, e)]
    assert flat == sorted(flat)
    assert flat[-1] <= len(timed.audio) * 1000 / RATE
    # Halfway through the audio the listener has heard roughly the first half of the words.
    heard = words_heard(timed.words, len(timed.audio) * 1000 / RATE / 2)
    assert 4 <= len(heard) <= 12


def test_numbers_fall_back_to_estimated_timings(piper: PiperSynthesizer) -> None:
    timed = piper.synthesize_timed("It's 7:30 on March 3rd.")
    assert not timed.aligned
    assert [w for w, _, _ in timed.words] == ["It's", "7:30", "on", "March", "3rd."]
    assert timed.words[-1][2] <= len(timed.audio) * 1000 / RATE


def test_estimate_on_piper_audio_is_ordered_and_close_to_the_model(piper: PiperSynthesizer) -> None:
    timed = piper.synthesize_timed(SENTENCE)
    estimate = estimate_word_times(SENTENCE, len(timed.audio), RATE, audio=timed.audio)
    flat = [x for _, s, e in estimate for x in (s, e)]
    assert flat == sorted(flat)
    assert 0 <= flat[0] and flat[-1] <= len(timed.audio) * 1000 / RATE
    plain = estimate_word_times(SENTENCE, len(timed.audio), RATE)
    refined_error = np.abs(midpoints(estimate) - midpoints(timed.words)).mean()
    plain_error = np.abs(midpoints(plain) - midpoints(timed.words)).mean()
    assert refined_error < 150.0
    assert refined_error < plain_error


def test_default_thread_pool_also_works() -> None:
    synth = PiperSynthesizer(intra_threads=0)
    assert len(synth.synthesize("Hello.")) > RATE // 10


def test_first_clause_is_shorter_audio_than_whole_sentence(piper: PiperSynthesizer) -> None:
    first = split_for_speech(SENTENCE)[0]
    assert first != SENTENCE
    assert len(piper.synthesize(first)) < len(piper.synthesize(SENTENCE))


def test_backchannel_bank_entries_are_short_and_quiet(piper: PiperSynthesizer) -> None:
    bank = BackchannelBank(piper)
    assert len(bank.backchannels) == 6
    full_peak = float(np.abs(piper.synthesize("yeah")).max())
    for entry in bank.backchannels:
        assert entry.duration_ms < 800, entry.text
        assert float(np.abs(entry.audio).max()) < 0.6 * full_peak, entry.text
        # trimmed: speech starts within the first 40 ms and runs to within 40 ms of the end
        regions = find_speech_regions(entry.audio)
        assert regions is not None and regions.start_ms <= 40
        assert entry.duration_ms - regions.end_ms <= 40
    assert all(e.duration_ms < 1200 for e in bank.fillers)
    rng = random.Random(1)
    texts = [bank.pick(rng)[0] for _ in range(10)]  # type: ignore[index]
    assert all(a != b for a, b in itertools.pairwise(texts))


def test_concurrent_calls_are_serialized_safely(piper: PiperSynthesizer) -> None:
    results: dict[int, np.ndarray] = {}
    flat = SpeechStyle(expressiveness=0.0)

    def speak(i: int) -> None:
        results[i] = piper.synthesize("One moment please.", flat)

    threads = [threading.Thread(target=speak, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 3
    assert all(np.array_equal(results[0], results[i]) for i in (1, 2))
