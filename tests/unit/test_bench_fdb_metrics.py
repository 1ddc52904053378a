"""Full-Duplex-Bench metrics on synthetic stereo recordings with known answers.

"Speech" here is tone bursts: ``FakeVad`` calls a 32 ms window speech when it is loud, and
``FakeTranscriber`` hears one word per burst, timed from the start of the clip it is given, so the
right answer of every metric follows from where the bursts were placed.
"""

from __future__ import annotations

import numpy as np
import pytest

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.bench import fdb_metrics as fdb
from chinwag.bench.fdb_metrics import Segment
from chinwag.listen.types import Word

SR = SAMPLE_RATE_HZ
WORD_S = 0.25
WORD_GAP_S = 0.08


class FakeVad:
    def __call__(self, audio: np.ndarray) -> np.ndarray:
        n = len(audio) // 512
        rms = np.sqrt(np.mean(audio[: n * 512].reshape(n, 512) ** 2, axis=1))
        return (rms > 0.01).astype(np.float32)


class FakeTranscriber:
    """One word per burst; ``whisper_like`` starts the first word at 0 whatever silence precedes it."""

    def __init__(self, whisper_like: bool = False) -> None:
        self.whisper_like = whisper_like
        self.calls = 0

    def __call__(self, audio: np.ndarray) -> list[Word]:
        self.calls += 1
        hop = 160
        n = len(audio) // hop
        loud = np.sqrt(np.mean(audio[: n * hop].reshape(n, hop) ** 2, axis=1)) > 0.01
        words: list[Word] = []
        i = 0
        while i < n:
            if loud[i]:
                j = i
                while j < n and loud[j]:
                    j += 1
                words.append(Word(f"w{len(words)}", i * 10.0, j * 10.0))
                i = j
            else:
                i += 1
        if self.whisper_like and words:
            words[0] = Word(words[0].text, 0.0, words[0].end_ms)
        return words


def burst(audio: np.ndarray, start_s: float, dur_s: float, amp: float = 0.3) -> None:
    a, b = int(start_s * SR), int((start_s + dur_s) * SR)
    t = np.arange(b - a) / SR
    audio[a:b] = amp * np.sin(2 * np.pi * 220 * t)


def say(audio: np.ndarray, start_s: float, n_words: int) -> float:
    """``n_words`` bursts from ``start_s``; returns the end time."""
    t = start_s
    for _ in range(n_words):
        burst(audio, t, WORD_S)
        t += WORD_S + WORD_GAP_S
    return t - WORD_GAP_S


def stereo(duration_s: float = 12.0) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(int(duration_s * SR), np.float32), np.zeros(int(duration_s * SR), np.float32)


def analyzer(user: np.ndarray, agent: np.ndarray, transcriber: FakeTranscriber | None = None
             ) -> fdb.StereoAnalyzer:
    return fdb.StereoAnalyzer(np.stack([user, agent], axis=1), transcriber or FakeTranscriber(), FakeVad())


def w(start_s: float, end_s: float) -> Word:
    return Word("x", start_s * 1000, end_s * 1000)


# ------------------------------------------------------------------------------------- word rules
def test_takeover_rule_follows_fdb_thresholds() -> None:
    assert fdb.takeover([]) == 0
    assert fdb.takeover([w(1.0, 1.3), w(1.4, 1.7)]) == 0  # short and few words: a backchannel
    assert fdb.takeover([w(1.0, 1.2), w(1.2, 1.4), w(1.4, 1.6)]) == 0  # 3 words, 0.6 s
    assert fdb.takeover([w(1.0, 1.2), w(1.2, 1.4), w(1.4, 1.6), w(1.6, 1.8)]) == 1  # 4 words
    assert fdb.takeover([w(1.0, 1.3), w(1.8, 2.1)]) == 1  # 1.1 s of speech


def test_latency_is_first_word_minus_reference_and_never_negative() -> None:
    assert fdb.response_latency_s([w(2.7, 3.0), w(3.1, 3.3)], 2.0) == pytest.approx(0.7)
    assert fdb.response_latency_s([w(1.5, 3.0)], 2.0) == 0.0
    assert fdb.response_latency_s([], 2.0) is None


def test_words_belong_to_the_window_they_start_in() -> None:
    words = [w(0.5, 1.2), w(1.0, 1.5), w(2.9, 3.4)]
    assert fdb.words_in_window(words, 1.0, 3.0) == words[1:]


# ----------------------------------------------------------------------------------------- segments
def test_segments_from_probabilities_with_hysteresis_and_min_durations() -> None:
    win = fdb.VAD_WINDOW_S
    probs = np.zeros(100, np.float32)
    probs[10:20] = 0.9
    probs[20:22] = 0.4  # above the lower threshold: speech goes on
    probs[22:30] = 0.9
    probs[31] = 0.2  # one quiet window (32 ms) is shorter than min_silence: no split
    probs[32:40] = 0.9
    probs[60:62] = 0.9  # 64 ms: too short to count
    segs = fdb.segments_from_probabilities(probs)
    assert segs == [Segment(pytest.approx(10 * win), pytest.approx(40 * win))]


def test_merge_segments_over_gaps() -> None:
    segs = [Segment(0.0, 1.0), Segment(1.4, 2.0), Segment(3.0, 3.5)]
    assert fdb.merge_segments(segs, 0.5) == [Segment(0.0, 2.0), Segment(3.0, 3.5)]
    assert fdb.merge_segments(segs, 0.3) == segs


def test_longest_silence_in_a_window() -> None:
    segs = [Segment(0.0, 1.0), Segment(1.3, 2.0), Segment(2.8, 4.0)]
    assert fdb.longest_silence_s(segs, 0.5, 2.5) == pytest.approx(0.5)
    assert fdb.longest_silence_s(segs, 0.5, 3.5) == pytest.approx(0.8)
    assert fdb.longest_silence_s([], 1.0, 2.0) == pytest.approx(1.0)


def test_frame_probabilities_steps_20ms_frames_and_keeps_every_window() -> None:
    fed: list[int] = []
    pending = [0]

    def step(samples: np.ndarray) -> list[float]:
        fed.append(len(samples))
        pending[0] += len(samples)
        n, pending[0] = divmod(pending[0], 512)
        return [0.5] * n

    probs = fdb.frame_probabilities(np.zeros(SR), step)
    assert set(fed) == {320} and len(probs) == SR // 512


# -------------------------------------------------------------------------------------- task scores
def test_turn_taking_latency_ignores_leading_silence_given_to_the_recogniser() -> None:
    user, agent = stereo()
    say(user, 0.5, 5)
    turn_end = 0.5 + 5 * WORD_S + 4 * WORD_GAP_S
    say(agent, turn_end + 0.7, 6)
    # A whisper-like recogniser puts the first word at the start of whatever it is given.
    score = fdb.score_turn_taking(analyzer(user, agent, FakeTranscriber(whisper_like=True)), turn_end, 4.0)
    assert score["tor"] == 1 and score["words"] == 6
    assert score["latency_s"] == pytest.approx(0.7, abs=0.02)


def test_turn_taking_without_reply_or_with_backchannel_only() -> None:
    user, agent = stereo()
    say(user, 0.5, 5)
    assert fdb.score_turn_taking(analyzer(user, agent), 2.0, 4.0) == {"tor": 0, "latency_s": None, "words": 0}
    say(agent, 2.5, 2)
    assert fdb.score_turn_taking(analyzer(user, agent), 2.0, 4.0)["tor"] == 0


def test_pause_handling_tor() -> None:
    user, agent = stereo()
    say(user, 0.5, 4)
    pause = (1.8, 3.8)
    say(user, pause[1], 3)
    assert fdb.score_pause(analyzer(user, agent), *pause)["tor"] == 0  # silent agent
    short = agent.copy()
    say(short, 2.3, 2)  # "mm-hm": < 1 s and 2 words
    s = fdb.score_pause(analyzer(user, short), *pause)
    assert (s["tor"], s["spoke"], s["words"]) == (0, 1, 2)
    say(agent, 2.3, 5)  # takes the turn in the pause
    assert fdb.score_pause(analyzer(user, agent), *pause)["tor"] == 1


def test_backchannel_counts_short_agent_segments_and_flags_takeovers() -> None:
    user, agent = stereo(14.0)
    t = 0.5
    for _ in range(10):  # a 10 s user turn of short phrases with 300 ms gaps
        t = say(user, t, 2) + 0.3
    turn_end = t - 0.3
    say(agent, 3.0, 1)
    say(agent, 7.0, 2)
    s = fdb.score_backchannel(analyzer(user, agent), 0.5, turn_end)
    assert s["tor"] == 0 and s["backchannels"] == 2
    assert s["frequency"] == pytest.approx(2 / (turn_end - 0.5), rel=1e-3)
    say(agent, 9.0, 6)  # the agent starts talking over the user's turn
    s = fdb.score_backchannel(analyzer(user, agent), 0.5, turn_end)
    assert s["tor"] == 1 and s["backchannels"] == 2


def interruption_call(stop_at_s: float | None, answer_at_s: float | None) -> tuple[np.ndarray, np.ndarray]:
    user, agent = stereo(14.0)
    say(user, 0.5, 4)  # the question
    reply = np.zeros_like(agent)
    say(reply, 2.5, 20)  # a long reply, 2.5 s .. ~9 s
    if stop_at_s is not None:
        reply[int(stop_at_s * SR):] = 0.0
    agent += reply
    say(user, 5.0, 5)  # the interruption: 5.0 .. 6.57
    if answer_at_s is not None:
        say(agent, answer_at_s, 6)
    return user, agent


def test_interruption_stop_latency_and_response_latency() -> None:
    interruption_end = 5.0 + 5 * WORD_S + 4 * WORD_GAP_S
    user, agent = interruption_call(stop_at_s=5.2, answer_at_s=interruption_end + 0.4)
    s = fdb.score_interruption(analyzer(user, agent), 5.0, interruption_end, 4.0)
    assert s["applicable"] and s["tor"] == 1 and not s["talked_through"] and not s["onset_in_agent_pause"]
    assert s["onset_s"] == pytest.approx(5.0, abs=0.033)  # VAD onsets are 32 ms windows
    assert s["stop_latency_s"] == pytest.approx(0.2, abs=0.035)
    assert s["latency_s"] == pytest.approx(0.4, abs=0.02)


def test_interruption_talked_through_is_no_response() -> None:
    user, agent = interruption_call(stop_at_s=None, answer_at_s=None)
    interruption_end = 5.0 + 5 * WORD_S + 4 * WORD_GAP_S
    s = fdb.score_interruption(analyzer(user, agent), 5.0, interruption_end, 4.0)
    assert s["applicable"] and s["talked_through"]
    assert s["tor"] == 0  # words of the reply it kept playing are not a response
    assert s["stop_latency_s"] > 3.0


def test_interruption_when_agent_was_not_speaking_is_left_out() -> None:
    user, agent = interruption_call(stop_at_s=4.0, answer_at_s=None)
    s = fdb.score_interruption(analyzer(user, agent), 5.0, 6.6, 4.0)
    assert s["applicable"] is False


def test_user_backchannel_yield() -> None:
    user, agent = stereo()
    say(agent, 2.0, 18)  # agent speaks 2.0 .. ~7.9 s
    burst(user, 4.0, 0.3)  # "mm-hm"
    s = fdb.score_user_backchannel(analyzer(user, agent), 4.0)
    assert s["applicable"] and s["tor"] == 0 and s["longest_silence_s"] < 0.1  # only gaps between words
    stopped = agent.copy()
    stopped[int(4.2 * SR) : int(5.0 * SR)] = 0.0  # went quiet for 0.8 s
    assert fdb.score_user_backchannel(analyzer(user, stopped), 4.0)["tor"] == 1
    assert fdb.score_user_backchannel(analyzer(user, agent), 9.0) == {"applicable": False}


def test_analyzer_transcribes_each_agent_segment_once() -> None:
    user, agent = stereo()
    say(agent, 1.0, 3)
    say(agent, 5.0, 3)
    fake = FakeTranscriber()
    an = analyzer(user, agent, fake)
    assert len(an.agent_words(0.0, 12.0)) == 6
    assert len(an.agent_words(4.0, 12.0)) == 3
    assert fake.calls == 2


def test_interruption_in_a_pause_between_clauses_still_counts() -> None:
    user, agent = stereo(14.0)
    say(user, 0.5, 4)
    say(agent, 2.5, 7)  # first clause, ends ~4.78
    burst(agent, 5.0, 0.05)  # the next clause had just begun when the barge-in cut it
    say(user, 4.9, 5)  # the user starts in the 0.2 s pause between clauses
    end = 4.9 + 5 * WORD_S + 4 * WORD_GAP_S
    s = fdb.score_interruption(analyzer(user, agent), 4.9, end, 4.0)
    assert s["applicable"] and not s["talked_through"]
    assert s["stop_latency_s"] == pytest.approx(0.15, abs=0.035)


def test_user_cutting_in_during_a_pause_that_the_agent_never_ends() -> None:
    user, agent = stereo(14.0)
    say(user, 0.5, 4)
    say(agent, 2.5, 7)  # a clause ending ~4.78; the rest of the reply is cancelled
    say(user, 5.0, 5)  # the user starts 0.2 s into the pause
    end = 5.0 + 5 * WORD_S + 4 * WORD_GAP_S
    say(agent, end + 0.6, 6)  # the answer to the interruption
    s = fdb.score_interruption(analyzer(user, agent), 5.0, end, 4.0)
    assert s["applicable"] and not s["talked_through"] and s["tor"] == 1
    assert s["stop_latency_s"] == 0.0 and s["onset_in_agent_pause"]
    assert s["latency_s"] == pytest.approx(0.6, abs=0.02)


def test_agent_stop_skips_short_pauses() -> None:
    _, agent = stereo(6.0)
    say(agent, 1.0, 3)  # ends 1.91
    say(agent, 2.2, 3)  # after a 0.29 s pause; ends 3.11
    say(agent, 4.0, 2)  # after a 0.89 s pause: a new turn
    assert fdb.agent_stop_s(agent, 1.5) == pytest.approx(3.11, abs=0.002)
    assert fdb.agent_stop_s(agent, 5.0) == 5.0  # nothing after: stopped already
    assert fdb.agent_stop_s(agent, 3.3) == 3.3  # next sound only after a long silence: stopped already


def test_a_reply_taken_up_again_after_an_acknowledgement_is_not_dropped() -> None:
    from chinwag.bench.duplex import reply_dropped
    from chinwag.events import Event, EventKind

    barge = Event(EventKind.BARGE_IN, 5000.0, "user", {"utterance_id": "turn-1"})
    resumed = Event(EventKind.INTERRUPTION_RESUMED, 6000.0, "user",
                    {"kind": "after acknowledgement", "utterance_id": "turn-2"})
    started = Event(EventKind.UTTERANCE_STARTED, 6300.0, "agent", {"utterance_id": "turn-2"})
    assert reply_dropped([], 4900.0) == 0
    assert reply_dropped([barge], 4900.0) == 1
    assert reply_dropped([barge, resumed], 4900.0) == 1  # decided, but never played
    assert reply_dropped([barge, resumed, started], 4900.0) == 0
    assert reply_dropped([barge], 5500.0) == 0  # the barge-in came before this acknowledgement
