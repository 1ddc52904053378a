from __future__ import annotations

import numpy as np

from chinwag.audio.frames import FRAME_SAMPLES
from chinwag.speak.playout import HandleState, Playout


def test_pending_handle_is_silent_until_released_then_plays_in_order() -> None:
    seen: list[str] = []
    playout = Playout(lambda what, h, i: seen.append(what))
    h = playout.begin("u1")
    playout.enqueue(h, np.full(FRAME_SAMPLES * 2, 0.5, dtype=np.float32), "hello there")
    assert not playout.next_frame(0).samples.any()  # speculative: held back
    playout.release(h)
    playout.mark_complete(h)
    assert playout.next_frame(1).samples.mean() == np.float32(0.5)
    assert playout.next_frame(2).samples.any()
    assert not playout.next_frame(3).samples.any()
    assert seen == ["started", "finished"] and h.state is HandleState.FINISHED


def test_cancel_drops_queue_and_stale_chunks_and_reports_words_heard() -> None:
    playout = Playout()
    h = playout.begin("u1")
    playout.release(h)
    playout.enqueue(h, np.ones(FRAME_SAMPLES * 10, dtype=np.float32), "one two three four")
    for i in range(5):  # half of the chunk is played
        playout.next_frame(i)
    cancelled = playout.cancel()
    assert cancelled is h and h.state is HandleState.CANCELLED
    assert not playout.next_frame(6).samples.any()
    assert not playout.enqueue(h, np.ones(10, dtype=np.float32), "late")  # stale chunk is dropped
    assert h.text_heard() == "one two"


def test_new_utterance_replaces_old_generation() -> None:
    playout = Playout()
    old = playout.begin("a")
    new = playout.begin("b")
    assert old.state is HandleState.CANCELLED and new.generation == old.generation + 1
    assert not playout.enqueue(old, np.ones(10, dtype=np.float32), "x")
