"""Busy neighbours: processes that keep CPU cores busy while a real-clock bench runs.

Why: a voice agent on a laptop shares the CPU with a browser, a video call or a build. The agent's
numeric libraries (CTranslate2 for Whisper, ggml for the language models) each bring an OpenMP
runtime whose threads spin while they wait; beside another busy process they fought it for the
cores and a 150 ms Whisper decode took 5 s (session 14). ``chinwag bench latency --busy-cores N``
measures the agent with N such neighbours, so that regression shows in a number.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from contextlib import contextmanager


def _spin() -> None:  # pragma: no cover - runs in the child process until terminated
    x = 0
    while True:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF


@contextmanager
def busy_neighbours(cores: int) -> Iterator[int]:
    """Keep ``cores`` processes spinning for the duration of the block (0: none)."""
    if cores < 0:
        raise ValueError(f"busy cores must be >= 0, got {cores}")
    context = mp.get_context("spawn")  # no copy of the agent's loaded models in the neighbours
    workers = [context.Process(target=_spin, daemon=True, name=f"chinwag-busy-{i}") for i in range(cores)]
    for w in workers:
        w.start()
    try:
        yield cores
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.join(timeout=5)
