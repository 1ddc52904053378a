"""The bench's own callers as end-of-turn examples (``bench/duplex_pause_events``), read with the real
voices, Whisper tiny.en and the tail probe, as the hold model's trainer reads them."""

from __future__ import annotations

import numpy as np

from chinwag.audio.frames import FRAME_MS
from chinwag.bench.duplex_pause_events import case_events, split_events
from chinwag.bench.duplex_scenarios import load_cases
from chinwag.floor.eot_audio import Ears
from chinwag.floor.eot_data import END_QUERY_MS, PROSODY_KEYS


def test_a_pause_case_gives_its_pause_and_its_true_end() -> None:
    case = next(c for c in load_cases() if c.split == "dev" and c.task == "pause_handling")
    mid, end = case_events(case, Ears())
    assert (mid.is_end, end.is_end) == (False, True)
    assert abs(mid.pause_limit_ms - case.pause_s * 1000) <= 2 * FRAME_MS  # the pause as rendered
    assert end.pause_limit_ms == END_QUERY_MS
    for e in (mid, end):
        assert e.prosody.shape == (round(e.pause_limit_ms / FRAME_MS), len(PROSODY_KEYS))
        assert np.isfinite(e.prosody).all()
        assert e.words and e.tail_logit is not None and e.heard_probability is not None
    # the end has heard the whole turn: more words than the fragment before the pause
    assert len(end.words.split()) > len(mid.words.split())


def test_a_split_is_read_once_and_then_cached(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import chinwag.bench.duplex_scenarios as scenarios

    few = [c for c in load_cases() if c.split == "dev" and c.task == "smooth_turn_taking"][:2]
    monkeypatch.setattr(scenarios, "load_cases", lambda: few)
    first = split_events("dev", cache_dir=tmp_path)
    assert [e.is_end for e in first] == [True, True]
    monkeypatch.setattr(scenarios, "load_cases", lambda: [])  # a second call must not read again
    again = split_events("dev", cache_dir=tmp_path)
    def key(e):  # type: ignore[no-untyped-def]
        return (e.turn_id, e.words, e.tail_logit)

    assert [key(e) for e in again] == [key(e) for e in first]
    assert all(np.array_equal(a.prosody, b.prosody) for a, b in zip(first, again, strict=True))
