"""Cross-fitted tail-probe logits: a split is read by a probe that never heard it."""

from __future__ import annotations

import numpy as np

from chinwag.floor.eot_data import PauseEvent
from chinwag.floor.hold_train import with_logits
from chinwag.floor.tail_bench import SplitVectors, cross_fitted_logits


def _split(rng: np.random.Generator, name: str, flip: bool = False) -> SplitVectors:
    labels = np.array([0.0, 1.0] * 20)
    vectors = rng.normal(size=(40, 6)) + labels[:, None] * 2.0
    keys = [(f"{name}-{i // 2}", bool(label)) for i, label in enumerate(labels)]
    return SplitVectors(keys, vectors, 1.0 - labels if flip else labels)


def test_each_split_is_read_by_a_probe_fitted_without_it() -> None:
    rng = np.random.default_rng(0)
    generator = (rng.normal(size=(40, 6)) + np.repeat([[0.0], [2.0]], 20, axis=0), np.repeat([0.0, 1.0], 20))
    splits = {"a": _split(rng, "a"), "b": _split(rng, "b"), "c": _split(rng, "c")}
    logits = cross_fitted_logits(generator, splits, l2=0.01)
    assert set(logits) == {"a", "b", "c"} and set(logits["a"]) == set(splits["a"].keys)
    # "a"'s own labels never reach the probe that reads it: flipping them leaves its logits as they were
    flipped = dict(splits, a=SplitVectors(splits["a"].keys, splits["a"].vectors, 1.0 - splits["a"].labels))
    assert cross_fitted_logits(generator, flipped, l2=0.01)["a"] == logits["a"]
    ends = [v for (_, end), v in logits["a"].items() if end]
    pauses = [v for (_, end), v in logits["a"].items() if not end]
    assert np.mean(ends) > np.mean(pauses)  # and it still reads turn ends as more finished


def test_events_take_the_logit_of_their_own_key_or_none() -> None:
    event = PauseEvent(turn_id="c1", split="dev", voice="v", template_id="t", kind="pause_handling", is_end=True,
                       words="w", words_partial="", asr_lag_ms=120.0, pause_limit_ms=3000.0,
                       prosody=np.zeros((1, 1)), tail_logit=9.0)
    pause = PauseEvent(**{**event.__dict__, "is_end": False})
    out = with_logits([event, pause], {("c1", True): -1.5})
    assert [e.tail_logit for e in out] == [-1.5, None]
