"""The end-of-turn data generator: splits, ASR-like noise, and the trainer on a toy problem."""

from __future__ import annotations

import random
import shutil

import numpy as np
import pytest

from chinwag.floor.eot_data import (
    END_QUERY_MS,
    PROSODY_KEYS,
    TEMPLATES,
    VOICES,
    asr_like,
    generate_split,
    plan_turns,
)
from chinwag.floor.eot_train import fit_logistic


def test_heldout_templates_and_voices_are_never_in_training() -> None:
    by_split = {s: {t.template_id for t in TEMPLATES if t.split == s} for s in ("train", "dev", "heldout")}
    assert by_split["heldout"] and by_split["dev"]
    assert not by_split["train"] & by_split["heldout"]
    assert not by_split["train"] & by_split["dev"]
    assert not set(VOICES["train"]) & set(VOICES["heldout"])
    for spec in plan_turns("heldout", 50, seed=3):
        assert spec.template.split == "heldout"
        assert spec.voice in VOICES["heldout"]


def test_plan_is_seeded_and_pauses_stay_in_range() -> None:
    a, b = plan_turns("train", 30, seed=7), plan_turns("train", 30, seed=7)
    assert a == b
    assert all(500 <= s.pause_ms <= 2500 and 140 <= s.rate_wpm <= 200 for s in a)


def test_asr_like_text_drops_punctuation_and_sometimes_the_filler() -> None:
    rng = random.Random(0)
    outs = {asr_like("I'd like a table for, um,", rng) for _ in range(50)}
    assert "i'd like a table for um" in outs or "i'd like a table for 4 um" in outs
    assert "i'd like a table for" in outs
    assert all("," not in o for o in outs)


def test_fit_logistic_separates_a_toy_problem() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((400, 2))
    y = (x[:, 0] - x[:, 1] > 0).astype(float)
    coef, _bias = fit_logistic(x, y, np.ones(400), l2=1e-3, iters=500)
    assert coef[0] > 0 > coef[1]
    assert np.mean(((x @ coef) > 0) == (y > 0)) > 0.95


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_generated_pause_events_carry_prosody_for_every_query() -> None:
    events = generate_split("train", 3, seed=11)
    ends = [e for e in events if e.is_end]
    assert len(ends) == 3
    for e in events:
        assert e.prosody.shape == (int(e.pause_limit_ms // 20), len(PROSODY_KEYS))
        assert np.isfinite(e.prosody).all()
        assert e.words_at(0.0) == e.words_partial and e.words_at(5000.0) == e.words
    assert all(e.pause_limit_ms == END_QUERY_MS for e in ends)


def test_unknown_word_source_is_a_clear_error() -> None:
    from chinwag.errors import ConfigError
    from chinwag.floor.eot_data import load_dataset

    with pytest.raises(ConfigError, match="script, whisper"):
        load_dataset(hearing="oracle")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_whisper_words_are_what_the_recogniser_heard() -> None:
    script = generate_split("heldout", 4, seed=5)
    heard = generate_split("heldout", 4, seed=5, hearing="whisper")
    assert [e.turn_id for e in heard] == [e.turn_id for e in script]
    assert all(e.words for e in heard if e.is_end)
    # Whisper writes case and punctuation; the script words are lower-case and bare
    assert any(any(c in e.words for c in ".?,") or e.words[:1].isupper() for e in heard)
    assert all(e.words == e.words.lower() for e in script)
    # each decode also carries what the agent's gate reads off it: the tail probe and word probability
    assert all(e.tail_logit is not None and e.heard_probability is not None for e in heard if e.is_end)
    assert all(e.tail_logit is None and e.heard_probability is None for e in script)
    # ... and the probability of the last word it heard, one of the words it gave
    assert all(e.last_word_probability is not None and 0.0 <= e.last_word_probability <= 1.0
               for e in heard if e.is_end)
    assert all(e.last_word_probability is None for e in script)


def test_data_heard_by_whisper_is_cached_per_shipped_probe(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: object) -> None:
    """A retrained tail probe reads other logits: what the old one read must not be reused."""
    import chinwag.floor.tail_probe as tail_probe
    from chinwag.floor.eot_data import DEFAULT_TURNS, _cache_path

    script = _cache_path(0, DEFAULT_TURNS, tmp_path, "script")  # type: ignore[arg-type]
    heard = _cache_path(0, DEFAULT_TURNS, tmp_path, "whisper")  # type: ignore[arg-type]
    # Whisper base's words are another data set, never read from tiny's cache (or the other way round)
    assert _cache_path(0, DEFAULT_TURNS, tmp_path, "whisper-base") != heard  # type: ignore[arg-type]
    monkeypatch.setattr(tail_probe, "shipped_fingerprint", lambda: "another-probe")
    assert _cache_path(0, DEFAULT_TURNS, tmp_path, "whisper") != heard  # type: ignore[arg-type]
    assert _cache_path(0, DEFAULT_TURNS, tmp_path, "script") == script  # the script words read no probe
