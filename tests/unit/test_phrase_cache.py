"""Recurring texts play from the cache; a reply's opener ("Great,") becomes a chunk of its own."""

from __future__ import annotations

import numpy as np

from chinwag.agents.reply import trim_trailing_silence
from chinwag.speak.phrase_cache import CachedSynthesizer, opener_chunks, split_opener
from chinwag.speak.types import SpeechStyle
from tests.fakes.agent_parts import FakeToneSynth


def test_a_text_is_synthesized_once_per_style() -> None:
    inner = FakeToneSynth()
    cached = CachedSynthesizer(inner)
    a = cached.synthesize("How many people is the table for?", SpeechStyle())
    b = cached.synthesize("How many people is the table for?")  # no style is the default style
    assert np.array_equal(a, b) and inner.texts == ["How many people is the table for?"]
    cached.synthesize("How many people is the table for?", SpeechStyle(rate=1.2))
    assert len(inner.texts) == 2
    assert (cached.hits, cached.misses) == (1, 2)


def test_the_cache_hands_out_copies_and_forgets_the_oldest() -> None:
    inner = FakeToneSynth()
    cached = CachedSynthesizer(inner, max_entries=2)
    first = cached.synthesize("one")
    first[:] = 0.0  # a caller scaling the audio in place must not change the cache
    assert np.abs(cached.synthesize("one")).max() > 0.1
    cached.synthesize("two")
    cached.synthesize("three")  # "one" is now the oldest and goes
    cached.synthesize("one")
    assert inner.texts == ["one", "two", "three", "one"]


def test_warming_speaks_the_openers_before_any_call() -> None:
    inner = FakeToneSynth()
    cached = CachedSynthesizer(inner)
    cached.warm(opener_chunks())
    assert "Great," in inner.texts and cached.misses == 0
    cached.synthesize("Great,")
    assert cached.hits == 1 and inner.texts.count("Great,") == 1


def test_split_opener() -> None:
    assert split_opener("Great, on Tuesday the 1st.") == ["Great,", "on Tuesday the 1st."]
    assert split_opener("Of course, a table for two.") == ["Of course,", "a table for two."]
    assert split_opener("Okay, thanks.") == ["Okay, thanks."]  # too short to split
    assert split_opener("Greatest hits, on Tuesday.") == ["Greatest hits, on Tuesday."]
    assert split_opener("How many people is the table for?") == ["How many people is the table for?"]


def test_trim_trailing_silence_keeps_the_asked_for_pause() -> None:
    tone = (0.3 * np.sin(np.arange(1600) / 5.0)).astype(np.float32)
    audio = np.concatenate([tone, np.zeros(4800, np.float32)])
    trimmed = trim_trailing_silence(audio, keep_ms=100)
    assert abs(len(trimmed) - (1600 + 1600)) <= 2
