"""The latency bench's busy neighbours run while the block runs and are gone after it."""

from __future__ import annotations

import multiprocessing as mp

import pytest

from chinwag.bench.cpu_load import busy_neighbours


def _busy_children() -> list[mp.process.BaseProcess]:
    return [p for p in mp.active_children() if p.name.startswith("chinwag-busy-")]


def test_neighbours_spin_inside_the_block_and_stop_after_it() -> None:
    with busy_neighbours(2) as cores:
        assert cores == 2
        assert len(_busy_children()) == 2 and all(p.is_alive() for p in _busy_children())
    assert _busy_children() == []


def test_no_neighbours_is_a_plain_block_and_a_negative_count_is_refused() -> None:
    with busy_neighbours(0):
        assert _busy_children() == []
    with pytest.raises(ValueError, match=">= 0"), busy_neighbours(-1):
        pass
