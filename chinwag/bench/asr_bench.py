"""Speech-recognition benchmark: word error rate and compute time per utterance, per decoding setup.

Utterances are synthesized on the spot (espeak-ng voices and Piper's joe-us voice, via the test
helpers in ``tests/speech_fixtures.py``; run from the repository root), cut the way a VAD would cut
them (200 ms of silence either side), and decoded with Whisper's standard 30 s window and with the
reduced window. Sentences are split into a dev set (window defaults were tuned on it) and a held-out
set, reported separately. Timings are wall-clock on whatever machine runs this: noisy on a shared box.

    python -m chinwag.bench.asr_bench            # prints the JSON report
"""

from __future__ import annotations

import json
import re
import string
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

DEV_SENTENCES: tuple[str, ...] = (
    "I'd like to book a table for four people on Friday evening.",
    "Could we sit outside on the terrace if the weather is nice?",
    "My name is Sarah Johnson and my phone number ends in four five six.",
    "Do you have any vegetarian options on the menu?",
    "Actually, can you move the reservation to seven thirty instead?",
    "The train to Edinburgh leaves from platform nine.",
    "Please remind me to call the dentist tomorrow morning.",
    "How long does it take to walk to the museum from here?",
    "We will need a high chair for our daughter.",
    "I think the package was delivered to the wrong address.",
)
HELD_OUT_SENTENCES: tuple[str, ...] = (
    "Is there parking available near the restaurant?",
    "Can I cancel my booking for next Tuesday?",
    "My friend is allergic to peanuts, so please let the chef know.",
    "What time does the kitchen close on Sundays?",
    "The weather forecast says it will rain all weekend.",
    "Could you spell your last name for me, please?",
    "We are celebrating our anniversary, so a quiet table would be lovely.",
    "She bought three apples and a loaf of bread at the market.",
    "Yes, that works for me, thank you very much.",
    "Sorry, I didn't catch that. Could you repeat the address?",
)
DEFAULT_VOICES: tuple[str, ...] = (
    "piper",
    "espeak:en-us:160:50",
    "espeak:en-gb-x-rp:150:40",
    "espeak:en-us+f3:170:65",
    "espeak:en-gb-scotland:140:45",
)
# (min_window_s, margin_s) pairs tried on the dev set by ``sweep_windows``.
SWEEP: tuple[tuple[float, float], ...] = ((4, 1), (4, 2), (5, 2), (6, 2), (6, 3), (8, 3), (10, 3))

Speaker = Callable[[str, str], np.ndarray]

# ------------------------------------------------------------------------------------------------ WER
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_PUNCTUATION_TO_SPACE = str.maketrans("".join(c for c in string.punctuation if c != "'"),
                                      " " * (len(string.punctuation) - 1))
_SPELLING = {"ok": "okay", "mr": "mister", "mrs": "missus", "dr": "doctor", "oclock": "o clock"}


def _number_words(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    if n < 10000 and n % 1000 == 0:
        return [_ONES[n // 1000], "thousand"]
    if n < 1000 and n % 100 == 0:
        return [_ONES[n // 100], "hundred"]
    # Other long numbers said to an agent are mostly digit strings (phone numbers, codes).
    return [_ONES[int(d)] for d in str(n)]


def normalize_words(text: str) -> list[str]:
    """Lowercase, drop punctuation (apostrophes too), spell numbers and times as Whisper may write them
    in digits ("7:30" -> "seven thirty", "4" -> "four")."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"(\d+):(\d\d)", lambda m: f"{m.group(1)} {int(m.group(2)) or ''}", text)
    text = re.sub(r"(\d+)(am|pm)\b", r"\1 \2", text)
    text = text.translate(_PUNCTUATION_TO_SPACE).replace("'", "")
    words: list[str] = []
    for token in text.split():
        if token.isdigit():
            words.extend(_number_words(int(token)))
        else:
            words.extend(_SPELLING.get(token, token).split())
    return words


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def wer(references: Sequence[str], hypotheses: Sequence[str]) -> float:
    """Corpus word error rate: total word edits over total reference words."""
    edits = total = 0
    for ref, hyp in zip(references, hypotheses, strict=True):
        r, h = normalize_words(ref), normalize_words(hyp)
        edits += edit_distance(r, h)
        total += len(r)
    return edits / max(total, 1)


# ---------------------------------------------------------------------------------------- speech
def default_speaker() -> Speaker:
    """Speech from ``tests/speech_fixtures.py`` (espeak-ng + Piper); needs the repository checkout."""
    root = Path(__file__).resolve().parents[2]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        from tests import speech_fixtures as fx
    except ImportError as exc:
        raise RuntimeError(
            "the ASR benchmark synthesizes speech with tests/speech_fixtures.py; run it from a checkout "
            "of the chinwag repository, or pass speak=your_function(text, voice_label)"
        ) from exc

    def speak(text: str, voice: str) -> np.ndarray:
        if voice == "piper":
            audio = fx.piper(text)
        elif voice.startswith("espeak:"):
            _, name, rate, pitch = voice.split(":")
            audio = fx.espeak(text, name, int(rate), int(pitch))
        else:
            raise ValueError(f"unknown voice label {voice!r}; use 'piper' or 'espeak:<voice>:<wpm>:<pitch>'")
        return fx.pad(audio, 0.2, 0.2)

    return speak


# ------------------------------------------------------------------------------------------ runs
def _percentiles(values: Sequence[float]) -> dict[str, float]:
    arr = np.asarray(values, dtype=float)
    return {
        "mean": round(float(arr.mean()), 1),
        "p50": round(float(np.percentile(arr, 50)), 1),
        "p95": round(float(np.percentile(arr, 95)), 1),
    }


def _evaluate(
    recognizer: Any, items: list[tuple[str, str, np.ndarray]], windows: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Decode every item with each window setting in turn (interleaved, so load from other processes
    hits every setting alike) and score each setting."""
    hyps: dict[str, list[str]] = {label: [] for label in windows}
    times: dict[str, list[float]] = {label: [] for label in windows}
    for _, _, audio in items:
        for label, window in windows.items():
            out = recognizer.transcribe(audio, window_s=window)
            hyps[label].append(out.text)
            times[label].append(out.compute_ms)
    refs = [text for text, _, _ in items]
    results = {}
    for label in windows:
        errors = [
            {"voice": voice, "ref": ref, "hyp": hyp}
            for (ref, voice, _), hyp in zip(items, hyps[label], strict=True)
            if normalize_words(ref) != normalize_words(hyp)
        ]
        results[label] = {"wer": round(wer(refs, hyps[label]), 4), "n": len(items),
                          "compute_ms": _percentiles(times[label]), "errors": errors}
    return results


def sweep_windows(recognizer: Any, items: list[tuple[str, str, np.ndarray]]) -> list[dict[str, Any]]:
    """WER and time on ``items`` for each (min_window_s, margin_s) in ``SWEEP`` (used to pick defaults)."""
    from chinwag.listen.whisper import WindowPolicy

    saved = recognizer.policy
    rows = []
    try:
        for min_window_s, margin_s in SWEEP:
            recognizer.policy = WindowPolicy(min_window_s, margin_s)
            r = _evaluate(recognizer, items, {"w": "default"})["w"]
            rows.append({"min_window_s": min_window_s, "margin_s": margin_s, "wer": r["wer"],
                         "compute_ms": r["compute_ms"]})
    finally:
        recognizer.policy = saved
    return rows


def vad_ms_per_frame(audio: np.ndarray) -> float:
    from chinwag.audio.frames import FRAME_SAMPLES
    from chinwag.listen.vad import SileroVad

    vad = SileroVad()
    frames = [audio[i : i + FRAME_SAMPLES] for i in range(0, len(audio) - FRAME_SAMPLES + 1, FRAME_SAMPLES)]
    t0 = time.perf_counter()
    for frame in frames:
        vad.step(frame)
    return (time.perf_counter() - t0) * 1000 / max(len(frames), 1)


def run_asr_bench(
    sentences: list[str] | None = None,
    voices: Sequence[str] = DEFAULT_VOICES,
    seed: int = 0,
    models: Sequence[str] = ("tiny.en", "base"),
    sweep: bool = True,
    beam_size: int = 1,
    speak: Speaker | None = None,
) -> dict[str, Any]:
    """Benchmark every model in ``models`` (skipping base if not installed) with the full and reduced
    windows. ``sentences`` replaces both sets (then everything counts as held-out). ``seed`` fixes the
    order in which utterances are decoded (interleaving voices, so warm caches favour none)."""
    from chinwag.errors import BackendUnavailableError
    from chinwag.listen.whisper import WhisperRecognizer

    speak = speak or default_speaker()
    sets = {"dev": list(DEV_SENTENCES), "held_out": list(HELD_OUT_SENTENCES)}
    if sentences is not None:
        sets = {"held_out": list(sentences)}
    rng = np.random.default_rng(seed)
    data: dict[str, list[tuple[str, str, np.ndarray]]] = {}
    for name, texts in sets.items():
        items = [(t, v, speak(t, v)) for t in texts for v in voices]
        data[name] = [items[i] for i in rng.permutation(len(items))]
    all_audio = np.concatenate([a for items in data.values() for _, _, a in items])
    report: dict[str, Any] = {
        "voices": list(voices), "beam_size": beam_size,
        "utterance_s": _percentiles([len(a) / 16000 for items in data.values() for _, _, a in items]),
        "vad_ms_per_20ms_frame": round(vad_ms_per_frame(all_audio), 4),
        "models": {},
    }
    factories = {"tiny.en": WhisperRecognizer.tiny_en, "base": WhisperRecognizer.base}
    for model in models:
        try:
            rec = factories[model](beam_size=beam_size)
        except BackendUnavailableError as exc:
            report["models"][model] = {"skipped": str(exc)}
            continue
        rec.warm_up()
        entry: dict[str, Any] = {"default_window": {"min_window_s": rec.policy.min_window_s,
                                                    "margin_s": rec.policy.margin_s}}
        windows = {"full_30s": "full", "reduced": "default"}
        for name, items in data.items():
            for label, result in _evaluate(rec, items, windows).items():
                entry.setdefault(label, {})[name] = result
        if sweep and "dev" in data:
            entry["dev_window_sweep"] = sweep_windows(rec, data["dev"])
        report["models"][model] = entry
    return report


def main() -> None:
    print(json.dumps(run_asr_bench(), indent=1))


if __name__ == "__main__":
    main()
