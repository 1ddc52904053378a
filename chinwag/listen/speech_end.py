"""Where the caller's speech really stopped, a little before the VAD says so.

Silero's probability decays over several frames after the last phoneme, so the VAD's "last speech
frame" lands 60-120 ms after the true end. That lag is dead air on every turn and it also shifts the
end-of-turn model, which was trained on pauses measured from the acoustic end. A cheap energy scan
of the last few hundred milliseconds, relative to this turn's own speech and noise levels, finds the
true end; the VAD keeps deciding *whether* it is speech, the energy only refines *when* it stopped.
"""

from __future__ import annotations

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ

HOP = SAMPLE_RATE_HZ // 100  # 10 ms
MAX_LOOKBACK_MS = 240.0  # never move the end further back than this (a quiet final syllable)
BELOW_SPEECH_DB = 30.0  # a 10 ms hop this far under the turn's loud speech is not speech any more
ABOVE_NOISE_DB = 6.0  # ... and speech must stand this far over the turn's noise floor


def acoustic_end_sample(audio: np.ndarray, vad_end_sample: int) -> int:
    """The end of the last 10 ms hop loud enough to be speech, at or before ``vad_end_sample``."""
    end = min(int(vad_end_sample), len(audio))
    hops = end // HOP
    if hops < 5:
        return end
    frames = audio[: hops * HOP].reshape(hops, HOP).astype(np.float64)
    level_db = 10.0 * np.log10(np.mean(frames * frames, axis=1) + 1e-12)
    speech_db = float(np.percentile(level_db, 90))
    floor_db = float(np.percentile(level_db, 10))
    threshold = max(speech_db - BELOW_SPEECH_DB, floor_db + ABOVE_NOISE_DB)
    if threshold >= speech_db:  # no contrast at all (all noise, or all speech): trust the VAD
        return end
    lookback = int(MAX_LOOKBACK_MS / 10)
    for hop in range(hops - 1, max(-1, hops - 1 - lookback), -1):
        if level_db[hop] >= threshold:
            return min(end, (hop + 1) * HOP)
    return max(0, end - lookback * HOP)
