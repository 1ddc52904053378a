"""The duplex bench's pause events as the hold model's experiments read them (session 24's scripts).

Each split's events carry a tail logit from a probe that never heard that split, as
``hold_train.train`` gives them; ``cached`` keeps what a script builds from them in the end-of-turn
cache, since building takes minutes.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TypeVar

from chinwag.bench.duplex_pause_events import split_events
from chinwag.floor import eot_data
from chinwag.floor.eot_data import PauseEvent
from chinwag.floor.hold_train import with_logits
from chinwag.floor.tail_bench import cross_fitted_logits, split_vectors
from chinwag.floor.tail_probe import TailProbe
from chinwag.floor.tail_train import L2 as TAIL_L2
from chinwag.floor.tail_train import generator_examples

T = TypeVar("T")


def crossed_events(splits: tuple[str, ...]) -> dict[str, list[PauseEvent]]:
    """Every split's events, with cross-fitted tail logits (the shipped probe's pooling)."""
    pooling = TailProbe.load().pooling
    crossed = cross_fitted_logits(generator_examples(pooling=pooling),
                                  {s: split_vectors(s, pooling) for s in splits}, l2=TAIL_L2)
    return {s: with_logits(split_events(s), crossed[s]) for s in splits}


def cached(name: str, build: Callable[[], T]) -> T:
    """``build()``, pickled as ``name`` in the end-of-turn cache and read back on later runs."""
    path = eot_data.default_cache_dir() / name
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    value = build()
    with path.open("wb") as f:
        pickle.dump(value, f)
    return value
