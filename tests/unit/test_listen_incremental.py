"""IncrementalTranscriber scheduling, stability and finalisation with a scripted fake recogniser."""

from __future__ import annotations

import asyncio
import threading

import numpy as np

from chinwag.listen.incremental import IncrementalTranscriber
from chinwag.listen.types import RecognizerCapabilities, Transcript, Word

SCRIPT = "i would like a table for two tonight please".split()


class FakeRecognizer:
    """Hears one scripted word per 0.5 s of audio; can be held mid-decode with ``gate``."""

    capabilities = RecognizerCapabilities()

    def __init__(self, revise_last: bool = False) -> None:
        self.calls: list[int] = []
        self.gate = threading.Event()
        self.gate.set()
        self.revise_last = revise_last

    def transcribe(self, audio: np.ndarray) -> Transcript:
        self.calls.append(len(audio))
        self.gate.wait(5)
        n = len(audio) // 8000
        words = [Word(w, i * 500.0, i * 500.0 + 400, 0.9) for i, w in enumerate(SCRIPT[:n])]
        if self.revise_last and words:  # the newest word is a guess that changes next time
            words[-1] = Word(words[-1].text + f"~{n}", words[-1].start_ms, words[-1].end_ms)
        return Transcript(" ".join(w.text for w in words), words, compute_ms=1.0)


def audio(seconds: float) -> np.ndarray:
    return np.ones(round(seconds * 16_000), dtype=np.float32) * 0.1


async def test_redecodes_only_after_enough_new_audio() -> None:
    rec = FakeRecognizer()
    inc = IncrementalTranscriber(rec, redecode_every_ms=600, min_audio_ms=300)
    for t in np.arange(0.1, 3.01, 0.1):
        await inc.update(audio(float(t)))
        await inc.wait_idle()
    assert rec.calls == [round(x * 16_000) for x in (0.6, 1.2, 1.8, 2.4, 3.0)]
    assert inc.partial is not None and inc.partial.text == " ".join(SCRIPT[:6])


async def test_at_most_one_decode_in_flight() -> None:
    rec = FakeRecognizer()
    rec.gate.clear()
    inc = IncrementalTranscriber(rec, redecode_every_ms=100)
    await inc.update(audio(1.0))
    await asyncio.sleep(0.05)
    for t in (1.5, 2.0, 2.5):
        await inc.update(audio(t))
    assert inc.busy
    rec.gate.set()
    await inc.wait_idle()
    assert rec.calls == [16_000]
    await inc.update(audio(2.5))
    await inc.wait_idle()
    assert rec.calls == [16_000, 40_000]


async def test_force_ignores_the_interval_but_not_the_in_flight_rule() -> None:
    rec = FakeRecognizer()
    inc = IncrementalTranscriber(rec, redecode_every_ms=600)
    await inc.update(audio(0.7))
    await inc.wait_idle()
    await inc.update(audio(0.8), force=True)
    await inc.wait_idle()
    await inc.update(audio(0.8), force=True)  # nothing new: no decode
    await inc.wait_idle()
    assert rec.calls == [11_200, 12_800]


async def decoding_held(rec: FakeRecognizer, seconds: float) -> IncrementalTranscriber:
    """A transcriber whose first decode (of ``seconds`` of audio) is running, held by ``rec.gate``."""
    rec.gate.clear()
    inc = IncrementalTranscriber(rec, redecode_every_ms=600)
    turn = audio(seconds)
    inc.schedule(len(turn), lambda: turn)
    await asyncio.sleep(0.05)
    return inc


async def test_forced_decode_asked_while_busy_runs_when_the_recogniser_is_free() -> None:
    rec = FakeRecognizer()
    inc = await decoding_held(rec, 1.0)
    turn = audio(2.1)  # the pause begins while the 1.0 s decode still runs
    inc.schedule(len(turn), lambda: turn, force=True)
    turn = audio(2.3)  # the chained decode takes the turn as it is when the recogniser frees up
    rec.gate.set()
    final = await inc.finalize(turn, speech_end_sample=len(audio(2.1)))
    assert rec.calls == [16_000, 36_800]  # no third decode: the chained one covers the speech
    assert final.text == " ".join(SCRIPT[:4])


async def test_a_forced_decode_waiting_is_dropped_by_reset() -> None:
    rec = FakeRecognizer()
    inc = await decoding_held(rec, 1.0)
    inc.schedule(len(audio(2.0)), lambda: audio(2.0), force=True)
    inc.reset()
    rec.gate.set()
    await asyncio.sleep(0.1)
    assert rec.calls == [16_000]


async def test_finalize_does_not_wait_for_decodes_past_the_speech_it_needs() -> None:
    class SlowSecondCall(FakeRecognizer):
        def transcribe(self, audio: np.ndarray) -> Transcript:
            if self.calls:  # the chained decode of a caller who talks on: slow, and not needed
                threading.Event().wait(1.0)
            return super().transcribe(audio)

    rec = SlowSecondCall()
    inc = await decoding_held(rec, 2.0)
    inc.schedule(len(audio(2.2)), lambda: audio(3.0), force=True)
    rec.gate.set()
    started = asyncio.get_running_loop().time()
    final = await inc.finalize(audio(2.2), speech_end_sample=len(audio(1.9)))
    assert asyncio.get_running_loop().time() - started < 0.5
    assert final.text == " ".join(SCRIPT[:4])
    await inc.wait_idle()


async def test_schedule_can_redecode_more_often_for_a_short_burst() -> None:
    rec = FakeRecognizer()
    inc = IncrementalTranscriber(rec, redecode_every_ms=600, min_audio_ms=300)
    for t in np.arange(0.3, 1.01, 0.1):
        n = round(float(t) * 16_000)
        inc.schedule(n, lambda n=n: audio(n / 16_000), force=inc.partial is None and not inc.busy, every_ms=200)
        await inc.wait_idle()
    assert rec.calls == [round(x * 16_000) for x in (0.3, 0.5, 0.7, 0.9)]


async def test_stable_prefix_is_what_two_decodes_agree_on() -> None:
    rec = FakeRecognizer(revise_last=True)
    inc = IncrementalTranscriber(rec, redecode_every_ms=500, min_audio_ms=0)
    assert inc.stable_prefix() == []
    await inc.update(audio(1.5))
    await inc.wait_idle()
    assert inc.stable_prefix() == []  # only one decode so far
    await inc.update(audio(2.0))
    await inc.wait_idle()
    # decodes: "i would like~3" then "i would like a~4": the first two words agree.
    assert [w.text for w in inc.stable_prefix()] == ["i", "would"]


async def test_finalize_reuses_partial_when_audio_did_not_grow() -> None:
    rec = FakeRecognizer()
    inc = IncrementalTranscriber(rec, redecode_every_ms=600)
    utterance = audio(2.0)
    await inc.update(utterance)
    await inc.wait_idle()
    final = await inc.finalize(utterance)
    assert rec.calls == [32_000]
    assert final is inc.partial


async def test_finalize_reuses_partial_that_covers_the_speech_end() -> None:
    rec = FakeRecognizer()
    inc = IncrementalTranscriber(rec)
    await inc.update(audio(2.0), force=True)
    await inc.wait_idle()
    # 300 ms of trailing silence arrived after the last decode; the segmenter says speech ended at 2.0 s.
    final = await inc.finalize(audio(2.3), speech_end_sample=32_000)
    assert rec.calls == [32_000]
    assert final.text == " ".join(SCRIPT[:4])


async def test_finalize_waits_for_running_decode_then_decodes_the_rest() -> None:
    rec = FakeRecognizer()
    rec.gate.clear()
    inc = IncrementalTranscriber(rec, redecode_every_ms=600)
    await inc.update(audio(1.0))
    await asyncio.sleep(0.05)
    finalize = asyncio.create_task(inc.finalize(audio(2.6)))
    await asyncio.sleep(0.05)
    assert not finalize.done()
    rec.gate.set()
    final = await finalize
    assert rec.calls == [16_000, 41_600]
    assert final.text == " ".join(SCRIPT[:5])
    assert inc.partial is final


async def test_reset_drops_results_of_the_previous_utterance() -> None:
    rec = FakeRecognizer()
    rec.gate.clear()
    inc = IncrementalTranscriber(rec)
    await inc.update(audio(3.0))
    await asyncio.sleep(0.05)
    task = inc.state.in_flight
    inc.reset()
    rec.gate.set()
    assert task is not None
    await task
    assert inc.partial is None and inc.stable_prefix() == []
    final = await inc.finalize(audio(1.0))
    assert final.text == " ".join(SCRIPT[:2])


async def test_failed_partial_is_logged_and_finalize_still_works(caplog) -> None:
    class FlakyRecognizer(FakeRecognizer):
        def transcribe(self, audio: np.ndarray) -> Transcript:
            if not self.calls:
                self.calls.append(len(audio))
                raise RuntimeError("model hiccup")
            return super().transcribe(audio)

    rec = FlakyRecognizer()
    inc = IncrementalTranscriber(rec)
    await inc.update(audio(1.0))
    await inc.wait_idle()
    assert inc.partial is None
    assert "partial decode" in caplog.text
    final = await inc.finalize(audio(1.0))
    assert final.text == "i would"
