"""What the recogniser heard up to the end of speech, and how sure it was: the end-of-turn inputs.

Whisper's language model completes dangling sentences ("Could I book a table for" -> "... for it?"),
and the invented word sits in the silence after the speech, so only words that start before the
acoustic end count. Its word probabilities say how far to trust the rest: a garbled fragment from a
noisy or unusual voice ("We need to ruin that.") reads as a finished sentence, but with low
probabilities, and the end-of-turn model then leans on prosody and the pause instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.listen.types import Transcript

WORD_MARGIN_MS = -40.0  # a word the caller said has at least this much sound before the end
CONFIDENCE_WORDS = 3  # the end of the transcript is what the end-of-turn decision reads


@dataclass(frozen=True)
class HeardWords:
    text: str
    confidence: float | None  # mean probability of the last words; None when the recogniser gives none


def words_before(transcript: Transcript, speech_end_sample: int) -> str:
    """The words that start clearly before the acoustic end of speech."""
    return heard_words(transcript, speech_end_sample).text


def heard_words(transcript: Transcript, speech_end_sample: int) -> HeardWords:
    if not transcript.words:
        return HeardWords(transcript.text, None)
    words = transcript.words
    if speech_end_sample > 0:
        end_ms = speech_end_sample * 1000.0 / SAMPLE_RATE_HZ + WORD_MARGIN_MS
        words = [w for w in words if w.start_ms < end_ms]
    if not words:
        return HeardWords("", None)
    tail = words[-CONFIDENCE_WORDS:]
    text = " ".join(w.text for w in words) if speech_end_sample > 0 else transcript.text
    return HeardWords(text, sum(w.probability for w in tail) / len(tail))
