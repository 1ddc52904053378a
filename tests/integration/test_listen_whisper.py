"""Whisper tiny.en (faster-whisper / CTranslate2) on synthesized speech: text, timings, silence."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from chinwag.bench.asr_bench import normalize_words, wer
from chinwag.listen.whisper import WhisperRecognizer, WindowPolicy
from chinwag.registry import create
from tests import speech_fixtures as fx

pytestmark = pytest.mark.integration

SENTENCE = "I would like to book a table for two people on Friday evening."
KEY_WORDS = {"book", "table", "two", "people", "friday", "evening"}


@pytest.fixture(scope="module")
def recognizer() -> WhisperRecognizer:
    rec = create("asr", "whisper-tiny.en")
    assert isinstance(rec, WhisperRecognizer)
    return rec


@pytest.fixture(scope="module")
def utterance() -> np.ndarray:
    return fx.pad(fx.piper(SENTENCE), 0.3, 0.3)


@pytest.fixture(scope="module")
def reduced(recognizer: WhisperRecognizer, utterance: np.ndarray):
    return recognizer.transcribe(utterance)


def test_hears_the_key_words_of_a_natural_voice(reduced) -> None:
    heard = set(normalize_words(reduced.text))
    assert len(KEY_WORDS & heard) >= 5, reduced.text
    assert reduced.compute_ms > 0


def test_word_timings_are_monotonic_and_inside_the_audio(reduced, utterance: np.ndarray) -> None:
    duration_ms = len(utterance) / 16.0
    assert len(reduced.words) >= 8
    assert " ".join(w.text for w in reduced.words) == reduced.text
    previous_end = 0.0
    for word in reduced.words:
        assert 0.0 <= word.start_ms <= word.end_ms <= duration_ms
        assert word.start_ms >= previous_end - 1e-6
        previous_end = word.end_ms
        assert 0.0 <= word.probability <= 1.0
    # the sentence starts after 300 ms of silence and ends 300 ms before the end: timings follow it
    assert reduced.words[-1].end_ms > duration_ms * 0.6
    assert reduced.words[0].start_ms < duration_ms * 0.3


def test_word_timings_follow_leading_silence(recognizer: WhisperRecognizer) -> None:
    speech = fx.piper("Table for two, please.")
    early = recognizer.transcribe(fx.pad(speech, 0.2, 0.3))
    late = recognizer.transcribe(fx.pad(speech, 1.7, 0.3))
    assert early.words and late.words
    shift = late.words[-1].end_ms - early.words[-1].end_ms
    assert 1000 < shift < 2000  # 1.5 s more leading silence


def test_reduced_window_matches_full_window(recognizer: WhisperRecognizer, utterance: np.ndarray,
                                            reduced) -> None:
    full = recognizer.transcribe(utterance, window_s="full")
    assert recognizer.last_info is not None and recognizer.last_info.window_s is None
    assert wer([full.text], [reduced.text]) <= 0.1, (full.text, reduced.text)
    assert full.words and full.words[-1].end_ms <= len(utterance) / 16.0 + 1e-6


def test_policy_picks_window_from_utterance_length(recognizer: WhisperRecognizer,
                                                   utterance: np.ndarray) -> None:
    recognizer.transcribe(utterance)
    expected = WindowPolicy(recognizer.policy.min_window_s, recognizer.policy.margin_s).window_for(
        len(utterance) / 16_000)
    assert recognizer.last_info is not None and recognizer.last_info.window_s == expected
    assert expected is not None and expected < 30


@pytest.mark.parametrize("signal", ["zeros", "quiet_noise", "loud_noise"])
def test_silence_and_noise_give_empty_text(recognizer: WhisperRecognizer, signal: str) -> None:
    audio = {
        "zeros": np.zeros(32_000, dtype=np.float32),
        "quiet_noise": fx.white_noise(2.0, rms=0.005, seed=4),
        "loud_noise": fx.white_noise(2.0, rms=0.1, seed=5),
    }[signal]
    out = recognizer.transcribe(audio)
    assert out.text == "" and out.words == []


@pytest.mark.skipif(not fx.espeak_available(), reason="espeak-ng not installed (apt-get install espeak-ng)")
def test_robotic_voice_with_noise_is_still_mostly_understood(recognizer: WhisperRecognizer) -> None:
    text = "Can I cancel my booking for next Tuesday?"
    noisy = fx.add_noise(fx.pad(fx.espeak(text, "en-us", 160, 50), 0.2, 0.2), snr_db=20, seed=1)
    assert wer([text], [recognizer.transcribe(noisy).text]) <= 0.35


def test_one_call_at_a_time_from_many_threads(recognizer: WhisperRecognizer) -> None:
    speech = fx.pad(fx.piper("Yes, that works."), 0.2, 0.2)
    results: list[str] = []

    def work() -> None:
        results.append(recognizer.transcribe(speech).text)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and "works" in results[0].lower()


def test_bad_input_and_bad_settings_are_explained(recognizer: WhisperRecognizer, tmp_path) -> None:
    from chinwag.errors import AudioInputError, BackendUnavailableError

    with pytest.raises(AudioInputError, match="mono"):
        recognizer.transcribe(np.zeros((100, 2), dtype=np.float32))
    with pytest.raises(BackendUnavailableError, match=r"model\.bin"):
        WhisperRecognizer.from_dir(tmp_path)
    with pytest.raises(ValueError, match="window_s"):
        WindowPolicy.parse(45, 8, 3)
    assert recognizer.transcribe(np.zeros(0, dtype=np.float32)).text == ""
