"""The acoustic end of speech: where the sound stopped, before the VAD's lagging end."""

from __future__ import annotations

import numpy as np

from chinwag.agents.user_speech import UserSpeechTracker
from chinwag.audio.frames import Stream, split_frames
from chinwag.listen.segmenter import SpeechSegmenter
from chinwag.listen.speech_end import MAX_LOOKBACK_MS, acoustic_end_sample
from tests.fakes.agent_parts import FakeEnergyVad

SR = 16000


def noisy_speech(speech_s: float, silence_s: float, noise: float = 0.002, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n_speech, n_silence = int(speech_s * SR), int(silence_s * SR)
    t = np.arange(n_speech) / SR
    voiced = 0.3 * np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t) ** 2)
    audio = np.concatenate([voiced, np.zeros(n_silence)]).astype(np.float32)
    return audio + noise * rng.standard_normal(len(audio)).astype(np.float32)


def test_finds_the_end_of_the_sound_before_the_vad_end() -> None:
    audio = noisy_speech(1.0, 0.5)
    vad_end = int(1.12 * SR)  # the VAD let go 120 ms late
    end = acoustic_end_sample(audio, vad_end)
    assert abs(end - SR) <= SR // 100  # within one 10 ms hop of the true end


def test_never_moves_later_than_the_vad_nor_further_back_than_the_lookback() -> None:
    audio = noisy_speech(1.0, 1.0)
    assert acoustic_end_sample(audio, int(0.9 * SR)) <= int(0.9 * SR)  # still speaking there: unchanged
    far = int(1.8 * SR)
    assert acoustic_end_sample(audio, far) >= far - int(MAX_LOOKBACK_MS * SR / 1000)


def test_flat_noise_or_tiny_input_keeps_the_vad_end() -> None:
    rng = np.random.default_rng(1)
    noise = (0.05 * rng.standard_normal(SR)).astype(np.float32)
    assert acoustic_end_sample(noise, SR) >= SR - int(MAX_LOOKBACK_MS * SR / 1000)
    assert acoustic_end_sample(np.zeros(100, np.float32), 100) == 100


def test_tracker_pause_counts_from_the_acoustic_end() -> None:
    tracker = UserSpeechTracker(FakeEnergyVad(), SpeechSegmenter())
    audio = np.concatenate([np.zeros(SR // 2, np.float32), noisy_speech(1.0, 1.0)])
    pauses = []
    for frame in split_frames(audio, Stream.USER):
        update = tracker.step(frame)
        if update.turn_active and update.silence_ms > 0:
            pauses.append((update.silence_ms, update.pause_ms))
    assert pauses, "the tracker never saw the silence"
    silence, pause = pauses[0]
    assert pause >= silence and pause - silence == tracker.end_lag_ms
    assert tracker.acoustic_end_ms is not None and abs(tracker.acoustic_end_ms - 1500.0) <= 20.0


def test_dismissed_speech_leaves_no_turn_behind() -> None:
    """After a backchannel is dismissed, the VAD's hangover frames must not become a new turn,
    but speech that starts again does."""
    tracker = UserSpeechTracker(FakeEnergyVad(), SpeechSegmenter())
    burst = noisy_speech(0.4, 0.0)
    frames = split_frames(np.concatenate([np.zeros(SR // 2, np.float32), burst, np.zeros(SR, np.float32),
                                          burst, np.zeros(SR // 2, np.float32)]), Stream.USER)
    active_after_dismiss = []
    dismissed = False
    for frame in frames:
        update = tracker.step(frame)
        if not dismissed and update.turn_active and update.silence_ms > 0:
            tracker.take_turn(dismiss_rest=True)  # e.g. the judge resumed over "mm-hmm"
            dismissed = True
            continue
        if dismissed:
            active_after_dismiss.append((frame.index * 20, update.turn_active))
    quiet_tail = [active for t, active in active_after_dismiss if t < 1500]
    assert not any(quiet_tail), "the dismissed burst's tail became a turn"
    assert any(active for t, active in active_after_dismiss if t >= 1900), "the next burst was not heard"
