"""One sentence spoken with a hesitation in it, cut into the words before and after the pause.

A speaker who hesitates mid-sentence has planned the whole sentence, so the words before the pause
carry the pitch of a sentence that goes on, not the fall of one that has ended. Synthesizing the
fragment on its own gives it a final fall (and a recogniser hears a finished sentence), so the
sentence is synthesized whole and cut at the word boundary instead. Used by the benchmark's callers
and by the end-of-turn training data, so that both hear the same kind of hesitation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.errors import BackendUnavailableError

if TYPE_CHECKING:
    from chinwag.speak.piper_tts import PiperSynthesizer
    from chinwag.speak.types import SpeechStyle

PAUSE_SEARCH_MIN_S = 0.25  # espeak: the break must show as silence at least this long
FADE_OUT_MS, FADE_IN_MS = 25, 5


def espeak_ssml_with_break(before: str, after: str, break_ms: int = 800) -> str:
    """espeak-ng's SSML break keeps the sentence's intonation across the pause."""
    return f'<speak>{escape(before)} <break time="{break_ms}ms"/> {escape(after)}</speak>'


def split_at_break(audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split audio rendered from ``espeak_ssml_with_break`` at its longest inner silence."""
    hop = SAMPLE_RATE_HZ // 100
    n = len(audio) // hop
    if n == 0:
        raise BackendUnavailableError("the synthesiser returned no audio for a sentence with a pause")
    rms = np.sqrt(np.mean(audio[: n * hop].reshape(n, hop) ** 2, axis=1))
    quiet = rms < 0.02 * float(rms.max())
    best, best_len, run_start = -1, 0, None
    for i, q in enumerate([*quiet, False]):
        if q and run_start is None:
            run_start = i
        elif not q and run_start is not None:
            if i - run_start > best_len and run_start > 0 and i < n:
                best, best_len = run_start, i - run_start
            run_start = None
    if best_len * hop < PAUSE_SEARCH_MIN_S * SAMPLE_RATE_HZ:
        raise BackendUnavailableError("espeak-ng left no pause where the SSML break was")
    return audio[: best * hop], audio[(best + best_len) * hop :]


def piper_around_pause(
    synth: PiperSynthesizer, before: str, after: str, style: SpeechStyle
) -> tuple[np.ndarray, np.ndarray]:
    """Piper speaks ``before after`` as one sentence; its word alignment gives the cut."""
    from chinwag.speak.word_timing import speakable_words

    timed = synth.synthesize_timed(f"{before} {after}", style)
    k = len(speakable_words(before))
    if not timed.aligned or not 0 < k < len(timed.words):
        raise BackendUnavailableError(
            f"Piper gave no word alignment for {before!r} + {after!r}; cannot cut the sentence at the pause")
    cut_end = round(timed.words[k - 1][2] * SAMPLE_RATE_HZ / 1000)
    cut_start = round(timed.words[k][1] * SAMPLE_RATE_HZ / 1000)
    first, second = timed.audio[:cut_end].copy(), timed.audio[cut_start:].copy()
    # the cut falls where the model's voice is still ringing: fade like a speaker trailing off
    fade_out = min(len(first), round(FADE_OUT_MS * SAMPLE_RATE_HZ / 1000))
    fade_in = min(len(second), round(FADE_IN_MS * SAMPLE_RATE_HZ / 1000))
    first[len(first) - fade_out :] *= np.cos(np.linspace(0, np.pi / 2, fade_out)) ** 2
    second[:fade_in] *= np.sin(np.linspace(0, np.pi / 2, fade_in)) ** 2
    return first, second
