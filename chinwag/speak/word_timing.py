"""Where each word sits inside synthesized audio.

On barge-in the agent must record only the words the listener actually heard, so it needs a time span
per word even when the synthesizer gives none. The estimate spreads the words over the audio by their
letter counts (digits weigh more: "1987" takes longer to say than four letters), leaves room for the
pauses punctuation causes, and, when the audio itself is given, snaps to what the energy envelope
shows: the leading and trailing silence and the silent gaps between phrases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ

WordTime = tuple[str, float, float]  # (word as written, start_ms, end_ms) from the start of the audio

ENVELOPE_HOP_MS = 10
SILENCE_BELOW_PEAK_DB = 35.0  # an envelope frame this far under the loudest one counts as silence
MIN_GAP_MS = 70  # shorter dips are stop closures inside words, not pauses
WORD_ONSET_WEIGHT = 0.6  # every word costs a little time beyond its letters
DIGIT_WEIGHT = 2.5  # a digit is spoken as a whole syllable or two
CLAUSE_PAUSE_WEIGHT = 2.5  # , ; : and dashes
SENTENCE_PAUSE_WEIGHT = 4.0  # . ! ? and ellipses
WORD_GAP_WEIGHT = 0.2
CLAUSE_END = ",;:—–"
SENTENCE_END = ".!?…"
TRAILING_CLOSERS = "\"')]}”’»"


@dataclass(frozen=True)
class TimedSpeech:
    """Synthesized audio with the span of each word; ``aligned`` says the spans came from the model."""

    audio: np.ndarray  # 16 kHz mono float32
    words: list[WordTime] = field(default_factory=list)
    aligned: bool = False


def speakable_words(text: str) -> list[str]:
    """Whitespace tokens that hold something pronounceable (drops lone dashes, bullets, emoji)."""
    return [tok for tok in text.split() if any(ch.isalnum() for ch in tok)]


def _word_weight(word: str) -> float:
    letters = sum(ch.isalpha() for ch in word)
    digits = sum(ch.isdigit() for ch in word)
    return WORD_ONSET_WEIGHT + letters + DIGIT_WEIGHT * digits


def _pause_weight(word: str) -> float:
    tail = word.rstrip(TRAILING_CLOSERS)
    if tail and tail[-1] in SENTENCE_END:
        return SENTENCE_PAUSE_WEIGHT
    if tail and tail[-1] in CLAUSE_END:
        return CLAUSE_PAUSE_WEIGHT
    return WORD_GAP_WEIGHT


def energy_envelope_db(audio: np.ndarray, sample_rate_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """RMS level in dB per ``ENVELOPE_HOP_MS`` frame (the last partial frame is dropped)."""
    hop = max(1, sample_rate_hz * ENVELOPE_HOP_MS // 1000)
    n = len(audio) // hop
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    frames = np.asarray(audio[: n * hop], dtype=np.float32).reshape(n, hop)
    rms = np.sqrt(np.mean(frames * frames, axis=1) + 1e-12)
    return (20.0 * np.log10(rms)).astype(np.float32)


@dataclass(frozen=True)
class SpeechRegions:
    """Voiced extent of a signal and the silent gaps inside it, in ms."""

    start_ms: float
    end_ms: float
    gaps_ms: list[tuple[float, float]]


def find_speech_regions(audio: np.ndarray, sample_rate_hz: int = SAMPLE_RATE_HZ) -> SpeechRegions | None:
    """Leading/trailing silence and internal pauses; None when the audio is silent throughout."""
    env = energy_envelope_db(audio, sample_rate_hz)
    if env.size == 0 or float(env.max()) < -80.0:
        return None
    loud = env > float(env.max()) - SILENCE_BELOW_PEAK_DB
    idx = np.flatnonzero(loud)
    first, last = int(idx[0]), int(idx[-1])
    gaps: list[tuple[float, float]] = []
    run_start: int | None = None
    for i in range(first, last + 1):
        if not loud[i] and run_start is None:
            run_start = i
        elif loud[i] and run_start is not None:
            if (i - run_start) * ENVELOPE_HOP_MS >= MIN_GAP_MS:
                gaps.append((run_start * ENVELOPE_HOP_MS, i * ENVELOPE_HOP_MS))
            run_start = None
    total_ms = len(audio) * 1000.0 / sample_rate_hz
    return SpeechRegions(first * ENVELOPE_HOP_MS, min(total_ms, (last + 1) * ENVELOPE_HOP_MS), gaps)


def estimate_word_times(
    text: str,
    n_samples: int,
    sample_rate_hz: int = SAMPLE_RATE_HZ,
    audio: np.ndarray | None = None,
) -> list[WordTime]:
    """Estimated (word, start_ms, end_ms) for every speakable word of ``text``.

    Without ``audio`` the words are spread over the whole duration; with it they are spread over the
    voiced part and the pauses after punctuation are pinned to the silent gaps found there.
    """
    words = speakable_words(text)
    total_ms = n_samples * 1000.0 / sample_rate_hz
    if not words or total_ms <= 0:
        return []
    # Weight coordinates: word i spans [starts[i], ends[i]]; its following pause spans [ends[i], starts[i+1]].
    starts, ends = [], []
    pos = 0.0
    for i, w in enumerate(words):
        starts.append(pos)
        pos += _word_weight(w)
        ends.append(pos)
        if i < len(words) - 1:
            pos += _pause_weight(w)
    total_weight = pos

    speech_start, speech_end = 0.0, total_ms
    anchors_w, anchors_t = [0.0, total_weight], [0.0, total_ms]
    regions = find_speech_regions(audio, sample_rate_hz) if audio is not None else None
    if regions is not None:
        speech_start, speech_end = regions.start_ms, regions.end_ms
        anchors_w, anchors_t = _anchor_to_gaps(words, starts, ends, total_weight, regions)

    w_all = np.array(starts + ends)
    t_all = np.interp(w_all, anchors_w, anchors_t)
    t_all = np.clip(t_all, speech_start, speech_end)
    n = len(words)
    return [(words[i], float(t_all[i]), float(t_all[n + i])) for i in range(n)]


def _anchor_to_gaps(
    words: list[str], starts: list[float], ends: list[float], total_weight: float, regions: SpeechRegions
) -> tuple[list[float], list[float]]:
    """Piecewise-linear map from weight to time whose knots pin punctuation pauses to silent gaps.

    Boundaries are visited in order; each prediction is made from the last pinned point, so one
    good pin corrects the drift of everything after it. A punctuated boundary takes the longest gap
    in reach of its prediction: short gaps are mostly stop closures ("book a table"), long ones are
    the pauses a synthesizer makes at commas and full stops. Unpunctuated boundaries are never pinned.
    """
    anchors_w, anchors_t = [0.0], [regions.start_ms]
    gaps = list(regions.gaps_ms)
    for b in range(len(words) - 1):
        if _pause_weight(words[b]) <= WORD_GAP_WEIGHT:
            continue
        w_last, t_last = anchors_w[-1], anchors_t[-1]
        fraction = ((ends[b] + starts[b + 1]) / 2 - w_last) / max(total_weight - w_last, 1e-9)
        predicted = t_last + fraction * (regions.end_ms - t_last)
        reach = max(250.0, 0.3 * (regions.end_ms - t_last))
        in_reach = [g for g in gaps if g[0] >= t_last and abs((g[0] + g[1]) / 2 - predicted) <= reach]
        if not in_reach:
            continue
        g0, g1 = max(in_reach, key=lambda g: (g[1] - g[0], -abs((g[0] + g[1]) / 2 - predicted)))
        anchors_w += [ends[b], starts[b + 1]]
        anchors_t += [g0, g1]
        gaps = [g for g in gaps if g[0] >= g1]
    anchors_w.append(total_weight)
    anchors_t.append(regions.end_ms)
    return anchors_w, anchors_t


def words_heard(times: list[WordTime], played_ms: float) -> list[str]:
    """Words whose midpoint had been played when playback stopped at ``played_ms``."""
    return [word for word, start, end in times if (start + end) / 2 <= played_ms]


def heard_text(times: list[WordTime], played_ms: float) -> str:
    return " ".join(words_heard(times, played_ms))
