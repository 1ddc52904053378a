"""The benchmark's word error rate and text normalisation."""

from __future__ import annotations

import pytest

from chinwag.bench.asr_bench import edit_distance, normalize_words, wer


def test_normalisation_ignores_case_punctuation_and_digit_spelling() -> None:
    assert normalize_words("Table for 4 at 7:30, OK?") == "table for four at seven thirty okay".split()
    assert normalize_words("I'd like it at 8pm.") == "id like it at eight pm".split()
    assert normalize_words("It ends in 456") == "it ends in four five six".split()
    assert normalize_words("twenty-one people") == ["twenty", "one", "people"]
    assert normalize_words("7:00 o'clock") == ["seven", "o", "clock"]


def test_edit_distance_counts_substitutions_insertions_deletions() -> None:
    assert edit_distance("a b c".split(), "a b c".split()) == 0
    assert edit_distance("a b c".split(), "a x c".split()) == 1
    assert edit_distance("a b c".split(), "a b".split()) == 1
    assert edit_distance("a b".split(), "a b c d".split()) == 2
    assert edit_distance([], "a".split()) == 1


def test_wer_is_corpus_level() -> None:
    refs = ["a table for two", "yes please"]
    hyps = ["a table for 2", "yes"]
    assert wer(refs, hyps) == pytest.approx(1 / 6)
    assert wer(["hello"], [""]) == 1.0
    with pytest.raises(ValueError):
        wer(["a"], [])
