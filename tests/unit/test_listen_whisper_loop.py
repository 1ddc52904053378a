"""The guard that spots Whisper repeating itself in a short window."""

from __future__ import annotations

from chinwag.listen.whisper import WindowPolicy, _looks_like_a_loop, needs_full_decode


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


def test_repetitive_or_looping_output_is_decoded_again_on_the_full_path() -> None:
    assert needs_full_decode("repetitive output (likely hallucination)", "at 4.0.0.0.0.0.0.0", 6.0)
    loop = "Please remind me to call the dentist. Please remind me to call the dentist. Please"
    assert needs_full_decode("", loop, 4.0)
    assert not needs_full_decode("no speech (p=0.90, logprob=-1.20)", "you", 1.0)  # silence stays silent
    assert not needs_full_decode("", "We're at 14 Mill Lane, by the old stone bridge.", 3.0)
