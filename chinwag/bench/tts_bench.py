"""How fast each synthesizer gets the first sound out, and whether clause streaming pays.

For every text the bench times (a) synthesizing the whole reply at once, which is when its first
audio would be ready without streaming, and (b) synthesizing only the first chunk the
``ClauseChunker`` would hand out, which is when streaming's first audio is ready. It also reports the
real-time factor (compute time / audio duration) and compares Piper with one onnxruntime intra-op
thread against onnxruntime's default thread pool. Figures are medians over ``repeats`` runs after a
warm-up; on a shared machine they are noisy, so compare them within one run only.

Run: ``python -m chinwag.bench.tts_bench`` (prints JSON).
"""

from __future__ import annotations

import json
import logging
import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chinwag.audio.clock import Clock, RealClock
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.errors import BackendUnavailableError
from chinwag.speak.clauses import split_for_speech
from chinwag.speak.types import Synthesizer

log = logging.getLogger(__name__)

DEFAULT_TEXTS: tuple[str, ...] = (
    "Sure, I can book a table for four at seven thirty tonight, and I'll send the confirmation "
    "to your phone right away.",
    "That flight leaves at nine fifteen in the morning, so you should be at the airport by seven. "
    "Would you like me to set a reminder?",
    "Well, I checked the three options you mentioned, and honestly the second one looks best for "
    "your budget.",
    "Okay.",
)


@dataclass
class TextTiming:
    text: str
    first_chunk: str
    n_chunks: int
    first_audio_sentence_ms: float  # whole reply synthesized before any sound
    first_audio_clause_ms: float  # only the first chunk synthesized
    audio_ms: float

    @property
    def rtf(self) -> float:
        return self.first_audio_sentence_ms / self.audio_ms if self.audio_ms else float("nan")

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text[:50],
            "first_chunk": self.first_chunk,
            "n_chunks": self.n_chunks,
            "first_audio_sentence_ms": round(self.first_audio_sentence_ms, 1),
            "first_audio_clause_ms": round(self.first_audio_clause_ms, 1),
            "audio_ms": round(self.audio_ms),
            "rtf": round(self.rtf, 4),
        }


def _timed_synthesis(clock: Clock, synth: Synthesizer, text: str, repeats: int) -> tuple[float, np.ndarray]:
    """Median wall time of ``repeats`` syntheses, and the audio of the last one."""
    times: list[float] = []
    audio = np.zeros(0, dtype=np.float32)
    for _ in range(repeats):
        t0 = clock.now_ms()
        audio = synth.synthesize(text)
        times.append(clock.now_ms() - t0)
    return statistics.median(times), audio


def bench_synthesizer(
    synth: Synthesizer, texts: list[str], repeats: int = 3, clock: Clock | None = None
) -> dict[str, object]:
    clock = clock or RealClock()
    synth.synthesize("Warming up.")
    rows: list[TextTiming] = []
    for text in texts:
        chunks = split_for_speech(text)
        sentence_ms, audio = _timed_synthesis(clock, synth, text, repeats)
        clause_ms, _ = _timed_synthesis(clock, synth, chunks[0], repeats)
        audio_ms = len(audio) * 1000.0 / SAMPLE_RATE_HZ
        rows.append(TextTiming(text, chunks[0], len(chunks), sentence_ms, clause_ms, audio_ms))
    # Streaming can only help replies that split into several chunks; first-audio medians are over those.
    multi = [r for r in rows if r.n_chunks > 1] or rows
    sentence = statistics.median(r.first_audio_sentence_ms for r in multi)
    clause = statistics.median(r.first_audio_clause_ms for r in multi)
    return {
        "name": synth.name,
        "median_first_audio_sentence_ms": round(sentence, 1),
        "median_first_audio_clause_ms": round(clause, 1),
        "median_rtf": round(statistics.median(r.rtf for r in rows), 4),
        "per_text": [r.to_dict() for r in rows],
    }


def run_tts_bench(texts: list[str] | None = None, repeats: int = 3) -> dict[str, object]:
    """Piper (1 thread and default threads) and espeak-ng; backends that are not installed are skipped."""
    texts = list(texts or DEFAULT_TEXTS)
    clock = RealClock()
    report: dict[str, object] = {"cpu_count": os.cpu_count(), "repeats": repeats, "backends": {}}
    backends: dict[str, object] = report["backends"]  # type: ignore[assignment]
    candidates: list[tuple[str, Callable[[], Synthesizer]]] = []
    try:
        from chinwag.speak.piper_tts import PiperSynthesizer

        candidates += [
            ("piper_1_thread", lambda: PiperSynthesizer(intra_threads=1)),
            ("piper_default_threads", lambda: PiperSynthesizer(intra_threads=0)),
        ]
    except ImportError as exc:
        log.warning("tts bench: piper not importable: %s", exc)
    from chinwag.speak.espeak import EspeakSynthesizer

    candidates.append(("espeak", EspeakSynthesizer))
    for label, make in candidates:
        try:
            t0 = clock.now_ms()
            synth = make()
            load_ms = clock.now_ms() - t0
        except BackendUnavailableError as exc:
            backends[label] = {"skipped": str(exc)}
            continue
        result = bench_synthesizer(synth, texts, repeats, clock)
        result["load_ms"] = round(load_ms, 1)
        backends[label] = result
    return report


def main() -> None:
    print(json.dumps(run_tts_bench(), indent=2))


if __name__ == "__main__":
    main()
