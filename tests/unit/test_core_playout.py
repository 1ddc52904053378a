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


def test_resume_inside_a_gap_between_clauses_skips_the_rest_of_the_gap() -> None:
    playout = Playout()
    handle = playout.begin("u1")
    tone = np.full(4 * FRAME_SAMPLES, 0.5, dtype=np.float32)
    gap = np.zeros(10 * FRAME_SAMPLES, dtype=np.float32)  # 200 ms between clauses
    playout.enqueue(handle, np.concatenate([tone, gap]), "First clause.")
    playout.enqueue(handle, tone.copy(), "Second clause.")
    playout.release(handle)
    frames = [playout.next_frame(i) for i in range(6)]  # the first clause and 40 ms of the gap
    assert np.abs(frames[3].samples).max() > 0 and np.abs(frames[5].samples).max() == 0
    playout.pause()
    assert np.abs(playout.next_frame(6).samples).max() == 0
    played_before = handle.played_samples
    playout.resume(skip_quiet_ms=400)
    assert np.abs(playout.next_frame(7).samples).max() > 0  # straight into the second clause
    assert handle.played_samples - played_before == 9 * FRAME_SAMPLES  # the skipped gap counts as played


def test_resume_never_skips_speech_and_only_up_to_its_budget() -> None:
    playout = Playout()
    handle = playout.begin("u1")
    audio = np.concatenate([np.zeros(30 * FRAME_SAMPLES, np.float32), np.full(FRAME_SAMPLES, 0.5, np.float32)])
    playout.enqueue(handle, np.concatenate([np.full(FRAME_SAMPLES, 0.5, np.float32), audio]), "Hi. There.")
    playout.release(handle)
    playout.next_frame(0)
    playout.pause()
    playout.resume(skip_quiet_ms=100)
    loud = [np.abs(playout.next_frame(i).samples).max() > 0 for i in range(1, 30)]
    assert loud.index(True) == 25  # 600 ms gap, only 100 ms of it skipped
