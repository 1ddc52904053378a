"""Full-Duplex-Bench (v1, arXiv 2503.04721) metrics, computed on chinwag's stereo recordings.

Left channel = user, right = agent, 16 kHz. Two kinds of evidence are used, as in FDB:
- *words with timings* on the agent channel (from ASR) decide whether the agent took the turn
  (takeover, TOR) and when it started answering (latency);
- *voice activity segments* (Silero VAD) on both channels give backchannels, stop latency and
  whether the agent yielded.

Both come in through injectable callables (``Transcribe``, ``SpeechProbabilities``), so every
function here can be tested with synthetic signals and scripted word timings; ``chinwag.bench.duplex``
plugs in Whisper and Silero. Times are seconds from the start of the recording unless named ``_ms``.

Windows (where each task looks at the agent channel):
- pause handling: words starting in [pause start, pause end);
- backchannel: [user turn start, user turn end), each VAD segment judged on its own;
- smooth turn-taking: [user turn end, user turn end + horizon);
- user interruption: [interruption end, interruption end + horizon), leaving out what the agent
  said before it stopped (the reply it was playing when the user cut in is not a response);
- stop latency: from the user's VAD onset while the agent holds the floor (speaks, or is in a pause
  of <= 0.5 s within its reply) to the agent's last non-silent sample before a silence > 0.5 s;
- user backchannel / cough: [onset, onset + 1.5 s], agent silent for > 0.6 s means it yielded.
A word belongs to a window when it *starts* inside it; its full length counts towards the duration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.listen.types import Word

# FDB's turn rule: speech shorter than 1 s with at most 3 words is a backchannel, not a turn.
TAKEOVER_MIN_S = 1.0
TAKEOVER_MAX_BACKCHANNEL_WORDS = 3
BACKCHANNEL_MAX_S = 1.0  # an agent VAD segment shorter than this counts as a backchannel
USER_MERGE_GAP_S = 0.6  # stop latency: user segments merged over gaps <= 0.6 s
AGENT_MERGE_GAP_S = 0.5  # ... and the agent's over gaps <= 0.5 s
VAD_WINDOW_S = 512 / SAMPLE_RATE_HZ  # Silero judges 32 ms windows
SILENT_FLOOR = 1e-3  # |sample| below -60 dBFS is silence
YIELD_WINDOW_S = 1.5  # user backchannel: look this long after its onset ...
YIELD_SILENCE_S = 0.6  # ... and call a silence longer than this a yield
ASR_MERGE_GAP_S = 0.3  # agent speech is transcribed per VAD segment (merged over short gaps) ...
ASR_PAD_S = 0.15  # ... with this much audio either side (VAD edges lag the sound a little)

WINDOWS = {  # where each task looks, for the report
    "pause_handling": "agent words starting in [pause start, pause end)",
    "backchannel": "agent VAD segments and words starting in [user turn start, user turn end); each "
                   "segment judged alone (< 1 s and <= 3 words is a backchannel); frequency = short "
                   "segments / window s",
    "smooth_turn_taking": "agent words starting in [user turn end, turn end + horizon); latency = first word "
                          "start - turn end (FDB: negative counts as 0), over cases with TOR = 1",
    "user_interruption": "agent words starting in [max(interruption end, agent stop), interruption end + "
                         "horizon); latency = first word start - interruption end; stop latency = user VAD "
                         "onset (segments merged over 0.6 s) -> agent's last sound before > 0.5 s of silence",
    "user_backchannel": "agent holding the floor at the user's 'mm-hmm'/cough onset; TOR = 1 if the agent is "
                        "silent > 0.6 s within [onset, onset + 1.5 s]",
}

Transcribe = Callable[[np.ndarray], list[Word]]  # mono 16 kHz -> words, ms from the audio's start
SpeechProbabilities = Callable[[np.ndarray], np.ndarray]  # mono 16 kHz -> one probability per 32 ms


@dataclass(frozen=True)
class Segment:
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def covers(self, t_s: float) -> bool:
        return self.start_s <= t_s < self.end_s


# ------------------------------------------------------------------------------------------ segments
def segments_from_probabilities(probs: np.ndarray, window_s: float = VAD_WINDOW_S, threshold: float = 0.5,
                                neg_threshold: float = 0.35, min_speech_s: float = 0.09,
                                min_silence_s: float = 0.1) -> list[Segment]:
    """Speech segments from per-window probabilities, with Silero's own hysteresis: speech starts at
    ``threshold``, goes on while above ``neg_threshold`` and ends after ``min_silence_s`` below it."""
    segments: list[Segment] = []
    start: float | None = None
    last_speech = 0.0
    for i, p in enumerate(np.asarray(probs, dtype=np.float32)):
        t0, t1 = i * window_s, (i + 1) * window_s
        if start is None:
            if p >= threshold:
                start, last_speech = t0, t1
        elif p >= neg_threshold:
            last_speech = t1
        elif t1 - last_speech >= min_silence_s:
            segments.append(Segment(start, last_speech))
            start = None
    if start is not None:
        segments.append(Segment(start, last_speech))
    return [s for s in segments if s.duration_s >= min_speech_s]


def merge_segments(segments: list[Segment], max_gap_s: float) -> list[Segment]:
    merged: list[Segment] = []
    for seg in sorted(segments, key=lambda s: s.start_s):
        if merged and seg.start_s - merged[-1].end_s <= max_gap_s:
            merged[-1] = Segment(merged[-1].start_s, max(merged[-1].end_s, seg.end_s))
        else:
            merged.append(seg)
    return merged


def segment_at(segments: list[Segment], t_s: float) -> Segment | None:
    return next((s for s in segments if s.covers(t_s)), None)


def longest_silence_s(segments: list[Segment], start_s: float, end_s: float) -> float:
    """Longest stretch of [start_s, end_s] not covered by any segment."""
    longest, cursor = 0.0, start_s
    for seg in sorted(segments, key=lambda s: s.start_s):
        if seg.end_s <= cursor:
            continue
        if seg.start_s >= end_s:
            break
        longest = max(longest, seg.start_s - cursor)
        cursor = max(cursor, seg.end_s)
    return max(longest, end_s - cursor)


# --------------------------------------------------------------------------------------------- words
def words_in_window(words: list[Word], start_s: float, end_s: float) -> list[Word]:
    return [w for w in words if start_s <= w.start_ms / 1000 < end_s]


def speech_duration_s(words: list[Word]) -> float:
    return 0.0 if not words else (words[-1].end_ms - words[0].start_ms) / 1000


def takeover(words: list[Word]) -> int:
    """FDB's TOR for one window: 0 for silence or a backchannel (< 1 s and <= 3 words), else 1."""
    if not words:
        return 0
    if speech_duration_s(words) < TAKEOVER_MIN_S and len(words) <= TAKEOVER_MAX_BACKCHANNEL_WORDS:
        return 0
    return 1


def response_latency_s(words: list[Word], reference_s: float) -> float | None:
    """First word start minus the reference (end of the user's turn); FDB counts an early start as 0."""
    if not words:
        return None
    return max(0.0, words[0].start_ms / 1000 - reference_s)


def is_backchannel_segment(segment: Segment, words: list[Word]) -> bool:
    inside = words_in_window(words, segment.start_s - 0.05, segment.end_s)
    return segment.duration_s < BACKCHANNEL_MAX_S and len(inside) <= TAKEOVER_MAX_BACKCHANNEL_WORDS


# ------------------------------------------------------------------------------- the stereo recording
class StereoAnalyzer:
    """Words and VAD segments of one stereo recording, computed lazily and cached.

    The agent channel is transcribed one VAD segment at a time, each clip starting at the segment's
    first non-silent sample: Whisper's alignment tends to put the first word at the start of its
    input whatever silence precedes it, so feeding it leading silence would make latencies look 0.
    """

    def __init__(self, stereo: np.ndarray, transcribe: Transcribe,
                 speech_probabilities: SpeechProbabilities) -> None:
        self.user = np.ascontiguousarray(stereo[:, 0], dtype=np.float32)
        self.agent = np.ascontiguousarray(stereo[:, 1], dtype=np.float32)
        self.duration_s = len(stereo) / SAMPLE_RATE_HZ
        self._transcribe = transcribe
        self._probabilities = speech_probabilities
        self._segments: dict[str, list[Segment]] = {}
        self._words: dict[Segment, list[Word]] = {}

    def agent_words(self, start_s: float, end_s: float) -> list[Word]:
        """Agent words starting in [start_s, end_s), times in ms from the start of the recording."""
        words: list[Word] = []
        for seg in self.segments("agent", ASR_MERGE_GAP_S):
            if seg.end_s > start_s and seg.start_s < end_s:
                words += self._segment_words(seg)
        return words_in_window(words, start_s, end_s)

    def _segment_words(self, seg: Segment) -> list[Word]:
        if seg not in self._words:
            a = int(max(0.0, seg.start_s - ASR_PAD_S) * SAMPLE_RATE_HZ)
            b = min(len(self.agent), int((seg.end_s + ASR_PAD_S) * SAMPLE_RATE_HZ))
            loud = np.flatnonzero(np.abs(self.agent[a:b]) > SILENT_FLOOR)
            words: list[Word] = []
            if loud.size:
                a += int(loud[0])
                offset_ms, clip_ms = a * 1000 / SAMPLE_RATE_HZ, (b - a) * 1000 / SAMPLE_RATE_HZ
                words = [Word(w.text, offset_ms + min(w.start_ms, clip_ms),
                              offset_ms + min(w.end_ms, clip_ms), w.probability)
                         for w in self._transcribe(self.agent[a:b])]
            self._words[seg] = words
        return self._words[seg]

    def segments(self, channel: str, merge_gap_s: float = 0.0) -> list[Segment]:
        if channel not in self._segments:
            audio = self.user if channel == "user" else self.agent
            self._segments[channel] = segments_from_probabilities(self._probabilities(audio))
        segments = self._segments[channel]
        return merge_segments(segments, merge_gap_s) if merge_gap_s else segments


# ------------------------------------------------------------------------------------ per-task scores
def score_pause(an: StereoAnalyzer, pause_start_s: float, pause_end_s: float) -> dict[str, float | int]:
    words = an.agent_words(pause_start_s, pause_end_s)
    return {"tor": takeover(words), "spoke": int(bool(words)), "words": len(words),
            "speech_s": round(speech_duration_s(words), 3)}


def score_backchannel(an: StereoAnalyzer, turn_start_s: float, turn_end_s: float) -> dict[str, float | int]:
    """TOR and backchannel frequency while the user holds a long turn.

    Each agent segment is judged on its own (as FDB's backchannel script does), so several separate
    "mm-hm"s are backchannels, not one long takeover.
    """
    words = an.agent_words(turn_start_s, turn_end_s)
    inside = [s for s in an.segments("agent") if turn_start_s <= s.start_s < turn_end_s]
    short = [s for s in inside if s.duration_s < BACKCHANNEL_MAX_S]
    tor = int(any(not is_backchannel_segment(s, words) for s in inside))
    if not inside and words:  # ASR heard speech that VAD missed: judge the words as one turn
        tor = takeover(words)
    window_s = max(turn_end_s - turn_start_s, 1e-6)
    return {"tor": tor, "backchannels": len(short), "frequency": round(len(short) / window_s, 4),
            "window_s": round(window_s, 3)}


def score_turn_taking(an: StereoAnalyzer, turn_end_s: float,
                      horizon_s: float) -> dict[str, float | int | None]:
    words = an.agent_words(turn_end_s, turn_end_s + horizon_s)
    tor = takeover(words)
    latency = response_latency_s(words, turn_end_s) if tor else None
    return {"tor": tor, "latency_s": None if latency is None else round(latency, 3), "words": len(words)}


def agent_stop_s(agent: np.ndarray, from_s: float, gap_s: float = AGENT_MERGE_GAP_S) -> float:
    """Just after the agent's last non-silent sample before it goes quiet for longer than ``gap_s``
    (its pauses between clauses are shorter), looking from ``from_s`` on."""
    a = max(0, int(from_s * SAMPLE_RATE_HZ))
    loud = np.flatnonzero(np.abs(agent[a:]) > SILENT_FLOOR)
    if loud.size == 0 or loud[0] > gap_s * SAMPLE_RATE_HZ:
        return from_s  # silent already (e.g. the user cut in during a pause and it never went on)
    long_gaps = np.flatnonzero(np.diff(loud) > gap_s * SAMPLE_RATE_HZ)
    last = loud[long_gaps[0]] if long_gaps.size else loud[-1]
    return (a + int(last) + 1) / SAMPLE_RATE_HZ


def floor_segment(segments: list[Segment], t_s: float, hold_s: float = AGENT_MERGE_GAP_S) -> Segment | None:
    """The agent segment that ``t_s`` falls in or at most ``hold_s`` after: a pause between the clauses
    of one reply (shorter than the merge gap) does not give the floor away."""
    return next((s for s in segments if s.start_s <= t_s < s.end_s + hold_s), None)


def user_onset_while_agent_speaks(an: StereoAnalyzer, near_onset_s: float,
                                  slack_s: float = 0.3) -> tuple[float | None, bool]:
    """VAD onset of the first user segment from ``near_onset_s - slack_s`` on, and whether the agent
    held the floor at that moment."""
    user = an.segments("user", USER_MERGE_GAP_S)
    onset = next((s.start_s for s in user if s.start_s >= near_onset_s - slack_s), None)
    if onset is None:
        return None, False
    return onset, floor_segment(an.segments("agent", AGENT_MERGE_GAP_S), onset) is not None


def score_interruption(an: StereoAnalyzer, onset_s: float, end_s: float,
                       horizon_s: float) -> dict[str, float | int | bool | None]:
    """Stop latency runs from the user's VAD onset to the agent's last non-silent sample; the
    response is what the agent says after it stopped and after the interruption ended."""
    onset, speaking = user_onset_while_agent_speaks(an, onset_s)
    if onset is None or not speaking:
        return {"applicable": False, "onset_s": onset}
    stop = agent_stop_s(an.agent, onset)
    words = an.agent_words(max(end_s, stop), end_s + horizon_s)
    tor = takeover(words)
    latency = response_latency_s(words, end_s) if tor else None
    return {"applicable": True, "tor": tor, "latency_s": None if latency is None else round(latency, 3),
            "stop_latency_s": round(max(0.0, stop - onset), 3), "onset_s": round(onset, 3),
            "talked_through": bool(stop >= end_s),
            "onset_in_agent_pause": segment_at(an.segments("agent", AGENT_MERGE_GAP_S), onset) is None}


def score_user_backchannel(an: StereoAnalyzer, onset_s: float) -> dict[str, float | int | bool]:
    """TOR = 1 when the agent, speaking at the user's backchannel/cough, went silent for > 0.6 s
    within 1.5 s of it (it yielded the floor to a sound that did not ask for it)."""
    agent = an.segments("agent")
    if floor_segment(merge_segments(agent, AGENT_MERGE_GAP_S), onset_s) is None:
        return {"applicable": False}
    end = min(onset_s + YIELD_WINDOW_S, an.duration_s)
    silence = longest_silence_s(agent, onset_s, end)
    return {"applicable": True, "tor": int(silence > YIELD_SILENCE_S), "longest_silence_s": round(silence, 3)}


def frame_probabilities(audio: np.ndarray, step: Callable[[np.ndarray], list[float]]) -> np.ndarray:
    """Feed ``audio`` 20 ms at a time to a streaming VAD's ``step_windows``; one value per window."""
    probs: list[float] = []
    for i in range(0, len(audio), FRAME_SAMPLES):
        probs.extend(step(audio[i : i + FRAME_SAMPLES]))
    return np.asarray(probs, dtype=np.float32)
