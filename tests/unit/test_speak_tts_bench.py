from __future__ import annotations

import numpy as np

from chinwag.bench.tts_bench import bench_synthesizer
from chinwag.speak.types import SpeechStyle, SynthesizerCapabilities

RATE = 16_000


class FakeTickingClock:
    """Advances only when the fake synthesizer says it worked: 1 ms of compute per character."""

    def __init__(self) -> None:
        self.t_ms = 0.0

    def now_ms(self) -> float:
        return self.t_ms

    async def sleep_until(self, t_ms: float) -> None:
        self.t_ms = max(self.t_ms, t_ms)

    @property
    def is_virtual(self) -> bool:
        return True


class FakeSynthesizer:
    name = "fake"
    capabilities = SynthesizerCapabilities()

    def __init__(self, clock: FakeTickingClock) -> None:
        self.clock = clock

    def synthesize(self, text: str, style: SpeechStyle | None = None) -> np.ndarray:
        self.clock.t_ms += len(text)
        return np.zeros(len(text) * RATE // 10, dtype=np.float32)  # 100 ms of audio per character


def test_bench_reports_clause_vs_sentence_and_rtf() -> None:
    clock = FakeTickingClock()
    text = "Sure, I can book that for you tonight, and then send the confirmation."
    report = bench_synthesizer(FakeSynthesizer(clock), [text, "Okay."], repeats=2, clock=clock)
    row = report["per_text"][0]  # type: ignore[index]
    assert row["n_chunks"] == 2
    assert row["first_audio_sentence_ms"] == len(text)
    assert row["first_audio_clause_ms"] == len("Sure, I can book that for you tonight,")
    assert report["median_rtf"] == 0.01
    assert report["median_first_audio_sentence_ms"] == len(text)  # single-chunk replies left out
