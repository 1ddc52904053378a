"""What may keep a finished-looking pause from ending the turn: the words, the recogniser's doubt,
and how the speech sounded as it stopped (the tail probe). Plain functions over the agent's floor
parts and its speculative reply, so the cascaded agent only asks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np

from chinwag.agents.floor_parts import FloorParts, TurnSettings
from chinwag.floor.end_of_turn import COMPLETE_P, words_unfinished
from chinwag.floor.hold_model import HoldCues, HoldModel
from chinwag.floor.tail_probe import TailProbe
from chinwag.floor.word_cues import preface_only, starts_a_question
from chinwag.listen.types import Transcript

log = logging.getLogger(__name__)


class TurnReading(Protocol):
    """What the gate reads off the turn's speculative reply (``turn_jobs.ReplyJob``); the end-of-turn
    bench replays the gate with a plain record of the same readings."""

    @property
    def heard_probability(self) -> float | None: ...  # the recogniser's mean word probability
    @property
    def tail_logit(self) -> float | None: ...  # the tail probe's reading of the decode
    @property
    def cut_in(self) -> bool: ...  # the turn began by cutting the agent off
    @property
    def last_word_probability(self) -> float | None: ...  # the recogniser's for the last word heard


def answer_threshold(floor: FloorParts) -> float:
    """The end-of-turn probability at which the predictor would answer."""
    return float(getattr(floor.end_of_turn, "threshold", 0.5))


def decide(floor: FloorParts, spec: TurnReading | None, words: str, final: bool, pause_ms: float,
           p_end: float, prosody: Mapping[str, float] | None = None) -> str | None:
    """Whether the silence so far ends the turn, and why (the turn-end event's reason), or None to
    wait: never before ``min_end_of_turn_ms``; not while the turn should be held open
    (``tail_holds``, which may read the ``prosody`` at the pause); always at the cap (``hold_cap``);
    else when the predictor's ``p_end`` clears its threshold and the final words do not read as
    unfinished (``words_hold``), or when the hold model reads the turn as surely finished
    (``surely_finished``)."""
    if pause_ms < floor.turn.min_end_of_turn_ms or tail_holds(floor, spec, words, final, pause_ms, prosody):
        return None
    cap_ms, cap_reason = hold_cap(floor, spec)
    if pause_ms >= cap_ms:
        return cap_reason
    if p_end >= answer_threshold(floor) and not (final and words_hold(floor, words)):
        return "predictor"
    if final and surely_finished(floor, spec, words, prosody):
        return "finished"
    return None


def surely_finished(floor: FloorParts, spec: TurnReading | None, words: str,
                    prosody: Mapping[str, float] | None) -> bool:
    """The hold model reads the final words, the probe and the prosody as surely finished, where the
    language model alone would wait (a short statement: "Good, a table for five this Saturday at
    one" read as unfinished and waited for the 3 s cap). Also for a turn that cut the agent off,
    except while it is only a preface ("Sorry.", "Hang on."): the rest of the cut-in follows a
    breath later, and answering into that gap starts the agent over the caller again."""
    if preface_only(words):
        return False
    model, cues = floor.hold_model, hold_cues(floor, spec, words, True, prosody, cut_in_ok=True)
    return model is not None and cues is not None and model.surely_finished(cues)


def hold_cues(floor: FloorParts, spec: TurnReading | None, words: str, final: bool,
              prosody: Mapping[str, float] | None, cut_in_ok: bool = False) -> HoldCues | None:
    """What the hold model reads, or None where it cannot read the turn: no model, a turn that cut
    the agent off (unless ``cut_in_ok``), no probe reading, no final words with their completion
    score, or no prosody."""
    if floor.hold_model is None or spec is None or spec.tail_logit is None or prosody is None:
        return None
    if spec.cut_in and not cut_in_ok:
        return None
    completion = getattr(floor.end_of_turn, "completion", None)
    p_complete = completion.cached(words) if (completion is not None and final and words) else None
    if p_complete is None:
        return None
    return HoldCues(spec.tail_logit, spec.heard_probability, p_complete, words, prosody,
                    spec.last_word_probability)


def hold_reading(floor: FloorParts, spec: TurnReading | None, words: str, final: bool,
                 prosody: Mapping[str, float] | None, cut_in_ok: bool = False) -> float | None:
    """The hold model's logit for this pause (logged with each turn end, so a decision can be read
    back; ``cut_in_ok`` there, since ``surely_finished`` reads cut-ins too), or None where it cannot
    read the turn (``hold_cues``)."""
    model, cues = floor.hold_model, hold_cues(floor, spec, words, final, prosody, cut_in_ok)
    return model.read(cues) if (model is not None and cues is not None) else None


def hold_cap(floor: FloorParts, spec: TurnReading | None) -> tuple[float, str]:
    """The longest silence before the agent answers whatever the predictor says, and why: shorter
    when the recogniser was unsure of the final words, or when the turn began by cutting the agent
    off, and shorter again for a cut-in whose last word the recogniser doubted."""
    turn = floor.turn
    cap, reason = turn.max_end_of_turn_ms, "cap"
    if spec is not None and spec.cut_in and turn.cut_in_max_end_of_turn_ms < cap:
        cap, reason = turn.cut_in_max_end_of_turn_ms, "cut-in cap"
        last = spec.last_word_probability
        if (last is not None and last < turn.cut_in_unsure_last_word_probability
                and turn.cut_in_unsure_max_end_of_turn_ms < cap):
            cap, reason = turn.cut_in_unsure_max_end_of_turn_ms, "unsure cut-in cap"
    unsure = spec is not None and spec.heard_probability is not None and (
        spec.heard_probability < turn.unsure_word_probability)
    if unsure and turn.unsure_max_end_of_turn_ms < cap:
        cap, reason = turn.unsure_max_end_of_turn_ms, "unsure words cap"
    return cap, reason


def words_hold(floor: FloorParts, words: str) -> bool:
    """Final words end unfinished: the end-of-turn model decides with the language model's view
    where it has one (``EndOfTurnDetector.holds``), else the word list."""
    holds = getattr(floor.end_of_turn, "holds", None)
    return bool(holds(words)) if holds is not None else words_unfinished(words)


def tail_logit(probe: TailProbe | None, transcript: Transcript, speech_end_sample: int) -> float | None:
    """The probe's reading of the decode the reply was built on; None without a probe, without the
    encoder's states, or when the decode stopped too soon after the speech."""
    if probe is None or transcript.encoder is None:
        return None
    return probe.read(transcript.encoder, speech_end_sample)


async def read_tail(probe: TailProbe | None, recognizer: Any, transcript: Transcript, audio: np.ndarray | None,
                    speech_end_sample: int) -> float | None:
    """``tail_logit`` for the reply's transcript; when that decode was a partial that stopped too soon
    after the speech (the transcriber reuses one that covers the speech), the encoder alone is run
    again on the turn audio (a fraction of a decode)."""
    logit = tail_logit(probe, transcript, speech_end_sample)
    if logit is not None or probe is None or audio is None or not transcript.text.strip():
        return logit
    encode = getattr(recognizer, "encoder_states", None)
    if encode is None:
        return None
    try:
        states = await asyncio.to_thread(encode, audio)
    except Exception:  # the probe is an extra: a failure leaves the turn to the other cues
        log.exception("tail probe: encoding the turn audio failed")
        return None
    return probe.read(states, speech_end_sample)


def tail_holds(floor: FloorParts, spec: TurnReading | None, words: str, final: bool, pause_ms: float,
               prosody: Mapping[str, float] | None = None) -> bool:
    """The turn should be held open: the silence is still shorter than ``tail_hold_max_ms`` (or the
    shorter cap for words the recogniser was unsure of) and the speech sounded unfinished. With the
    final words, their completion score and the prosody the hold model decides (``floor.hold_model``,
    session 10); otherwise the tail probe alone, below ``tail_hold_below``, except for a question the
    language model reads as complete (its rise sounds like a hesitation to the probe). Never a turn
    that began by cutting the agent off: on the read splits the probe held 6 of 60 such turns
    (finished ones) for 1.4-1.8 s, and a caller who barged in waits for the answer to what made them
    do it. (Session 9 tried holding up to 2.6 s below the *probe's* logit -4: no unread split's pause
    handling moved, and short finished statements of a clean espeak voice, "Thanks, bye!", read -6.7
    and waited 2.6 s; see docs/duplex-history.md.)

    Below ``long_hold_below`` the hold model reads the speech as surely unfinished, and the hold
    lasts ``long_hold_max_ms`` (2.6 s), past ``tail_hold_max_ms`` and the unsure-words cap (session
    12): on the end-of-turn bench's held-out turns 13 of its 18 false cut-offs were pauses it held
    whose hold ran out first (1.5 s or 1.8 s, against hesitations of up to 2.5 s).

    Between the hold threshold and ``answer_above`` the hold model is undecided, and the turn may be
    held for ``undecided_hold_max_ms`` (``undecided_holds``, session 23; off by default)."""
    turn = floor.turn
    if spec is None or spec.cut_in:  # a caller who cut the agent off has made a bid
        return False
    logit = spec.tail_logit
    if logit is None:
        return False
    model, reading = floor.hold_model, hold_reading(floor, spec, words, final, prosody)
    if reading is not None and turn.long_hold_below is not None and reading < turn.long_hold_below:
        return pause_ms < turn.long_hold_max_ms  # surely unfinished: past the unsure cap too
    # words the recogniser was unsure of cap the hold as they cap the predictor's (``hold_cap``)
    if pause_ms >= min(turn.tail_hold_max_ms, hold_cap(floor, spec)[0]):
        return False
    if model is not None and reading is not None:
        return bool(reading < model.threshold) or undecided_holds(turn, model, reading, pause_ms)
    if logit >= turn.tail_hold_below:
        return False
    completion = getattr(floor.end_of_turn, "completion", None)
    p_complete = completion.cached(words) if (completion is not None and final and words) else None
    question = starts_a_question(words) or words.rstrip().endswith("?")
    return not (question and p_complete is not None and p_complete >= COMPLETE_P)


def undecided_holds(turn: TurnSettings, model: HoldModel, reading: float, pause_ms: float) -> bool:
    """The hold model read the pause as neither unfinished (below its threshold) nor surely finished
    (``answer_above``), and the silence is shorter than ``undecided_hold_max_ms``. Session 23: on the
    two read splits the models never learnt from (shingled, slated), 14 of the 19 turns answered inside
    a caller's mid-sentence pause read in that band, and were answered at the gate's first chance
    (250 ms); 3 of their 40 finished turns did. A caller who goes on within the wait is not talked
    over, and one who goes on soon after hears the agent stop within a word or two. Off by default:
    at 1 s the blind tiled split's takeovers did not move, while every call pays for the finished
    turns that read undecided (real-clock voice-to-voice p95 0.5-0.6 -> 1.0 s; docs/duplex-history-s23.md)."""
    answer_above = getattr(model, "answer_above", None)
    if answer_above is None or reading >= answer_above:
        return False
    return pause_ms < turn.undecided_hold_max_ms
