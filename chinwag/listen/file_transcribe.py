"""Transcribe a whole recording: cut it into utterances with the VAD, recognise each, and put the
word timings back on the file's own time line.

Whisper alone is a poor fit for files: it sees 30 s at most, and its word alignment drifts over long
leading silences (the first word lands at 0 ms). Segmenting first fixes both and skips the silence.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.listen.segmenter import SpeechSegmenter
from chinwag.listen.types import Recognizer, Transcript, VoiceActivityDetector

PAD_MS = 200.0
MAX_SEGMENT_S = 25.0


def speech_segments(audio: np.ndarray, vad: VoiceActivityDetector, min_silence_ms: float = 500.0
                    ) -> list[tuple[int, int]]:
    """Sample ranges of speech, padded, split so that none is longer than Whisper's window."""
    segmenter = SpeechSegmenter(min_silence_ms=min_silence_ms)
    segments: list[tuple[int, int]] = []
    pad = int(PAD_MS * SAMPLE_RATE_HZ / 1000)
    start: int | None = None
    n_frames = len(audio) // FRAME_SAMPLES
    for i in range(n_frames):
        update = segmenter.update(vad.step(audio[i * FRAME_SAMPLES:(i + 1) * FRAME_SAMPLES]))
        if update.started:
            first = segmenter.speech_start_frame or i
            start = max(0, first * FRAME_SAMPLES - pad)
        elif update.stopped and start is not None:
            last = segmenter.last_speech_frame or i
            segments.append((start, min(len(audio), (last + 1) * FRAME_SAMPLES + pad)))
            start = None
    if start is not None:
        segments.append((start, len(audio)))
    limit = int(MAX_SEGMENT_S * SAMPLE_RATE_HZ)
    out: list[tuple[int, int]] = []
    for a, b in segments:
        while b - a > limit:
            out.append((a, a + limit))
            a += limit
        out.append((a, b))
    return out


def transcribe_audio(audio: np.ndarray, recognizer: Recognizer, vad: VoiceActivityDetector) -> Transcript:
    words = []
    texts = []
    compute_ms = 0.0
    for a, b in speech_segments(audio, vad):
        part = recognizer.transcribe(audio[a:b])
        compute_ms += part.compute_ms
        offset_ms = a * 1000.0 / SAMPLE_RATE_HZ
        if part.text.strip():
            texts.append(part.text.strip())
        words += [replace(w, start_ms=w.start_ms + offset_ms, end_ms=w.end_ms + offset_ms) for w in part.words]
    return Transcript(" ".join(texts), words, compute_ms)
