"""The guard that spots Whisper repeating itself in a short window."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from chinwag.listen.whisper import (
    LOOP_REDECODE,
    WhisperRecognizer,
    WindowPolicy,
    _looks_like_a_loop,
    needs_redecode,
)


def test_back_to_back_repetition_is_a_loop() -> None:
    text = "Please remind me to call the dentist. Please remind me to call the dentist. Please"
    assert _looks_like_a_loop(text, utterance_s=4.0)


def test_ordinary_sentences_are_not_loops() -> None:
    assert not _looks_like_a_loop("I would like a table for two, for two people tonight.", 3.5)
    assert not _looks_like_a_loop("no no no", 1.0)  # short repeats are real speech
    assert not _looks_like_a_loop("", 1.0)


def test_too_many_words_for_the_duration_is_a_loop() -> None:
    assert _looks_like_a_loop(" ".join(f"w{i}" for i in range(20)), utterance_s=2.0)


def test_window_policy() -> None:
    policy = WindowPolicy(min_window_s=8, margin_s=3)
    assert policy.window_for(2.0) == 8.0
    assert policy.window_for(6.2) == 10.0  # ceil(6.2 + 3)
    assert policy.window_for(29.0) == 30.0
    assert policy.window_for(31.0) is None  # longer than one window: standard path
    assert WindowPolicy.parse("full", 8, 3).window_for(2.0) is None
    assert WindowPolicy.parse(None, 8, 3).full
    assert WindowPolicy.parse(6, 8, 3).window_for(2.0) == 6.0
    assert WindowPolicy.parse(6, 8, 3).window_for(5.5) == 7.0  # never shorter than utterance + 1 s


def test_repetitive_or_looping_output_is_decoded_again() -> None:
    assert needs_redecode("repetitive output (likely hallucination)", "at 4.0.0.0.0.0.0.0", 6.0)
    loop = "Please remind me to call the dentist. Please remind me to call the dentist. Please"
    assert needs_redecode("", loop, 4.0)
    assert not needs_redecode("no speech (p=0.90, logprob=-1.20)", "you", 1.0)  # silence stays silent
    assert not needs_redecode("", "We're at 14 Mill Lane, by the old stone bridge.", 3.0)


class FakeCTranslate2Whisper:
    """Stands in for CTranslate2's Whisper: greedy decoding loops, a decode that penalises repeats does not."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def generate(self, encoder_output: object, prompts: list[list[int]], **options: object) -> list[object]:
        self.calls.append(options)
        words = [1, 2, 3] if "repetition_penalty" in options else [1, 2, *[3, 4] * 20]
        return [SimpleNamespace(sequences_ids=[words], scores=[-0.3], no_speech_prob=0.01)]


class FakeTokenizer:
    eot = 1000

    def decode(self, tokens: list[int]) -> str:
        words = {1: "Our", 2: "coach leaves", 3: "the car park", 4: "car,"}
        return " ".join(words[t] for t in tokens)


def test_a_looping_decode_is_decoded_again_in_its_window_not_on_the_30_s_path() -> None:
    recognizer = object.__new__(WhisperRecognizer)  # no model files: the decoding logic alone
    fake = FakeCTranslate2Whisper()
    recognizer.__dict__.update(name="fake", beam_size=1, word_timings=False, no_speech_threshold=0.6,
                               log_prob_threshold=-1.0, _prompt=[0], _suppress=[], _tokenizer=FakeTokenizer(),
                               _fw=SimpleNamespace(model=fake))

    def no_full_path(samples: np.ndarray) -> None:
        raise AssertionError("the 30 s path was taken")

    recognizer._transcribe_full = no_full_path  # type: ignore[method-assign,assignment]
    text, _, _, _, why = recognizer._transcribe_window(np.zeros(3 * 16000, dtype=np.float32), 8.0, object())
    assert (text, why) == ("Our coach leaves the car park", "")
    assert len(fake.calls) == 2 and fake.calls[1]["repetition_penalty"] == LOOP_REDECODE["repetition_penalty"]
