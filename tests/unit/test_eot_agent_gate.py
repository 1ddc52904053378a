"""The end-of-turn bench's agent row asks the agent's own turn gate (``turn_gate.decide``) at every
20 ms query: holds, caps and exemptions land where the agent's would. Fakes stand in for the
predictor and the language model's completion score."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from chinwag.agents.floor_parts import TurnSettings
from chinwag.bench.eot_agent import agent_commits
from chinwag.bench.eot_bench import commit_ms, with_asr_lag
from chinwag.floor.eot_data import PauseEvent
from chinwag.floor.hold_model import HoldCues


class FakeCompletion:
    """Reads every text ending in "?" as a complete sentence."""

    def p_complete(self, words: str) -> float:
        return 0.9 if words.endswith("?") else 0.01

    def cached(self, words: str) -> float | None:
        return self.p_complete(words)


class FakeDetector:
    threshold = 0.5

    def __init__(self) -> None:
        self.completion = FakeCompletion()

    def holds(self, words: str) -> bool:
        return words.endswith(" for")


def event(words: str, tail_logit: float | None, heard_probability: float | None = 0.9) -> PauseEvent:
    return PauseEvent("t", "heldout", "v", "x", "complete", True, words, words.rsplit(" ", 1)[0], 200.0, 3000.0,
                      np.zeros((150, 5)), tail_logit=tail_logit, heard_probability=heard_probability)


def commit_at(e: PauseEvent, p_end: float) -> float:
    gate = agent_commits(FakeDetector(), TurnSettings(), lambda ev: np.full(ev.prosody.shape[0], p_end))  # type: ignore[arg-type]
    return commit_ms(gate(e), 0.5)


def test_a_confident_predictor_answers_at_the_minimum_silence() -> None:
    assert commit_at(event("Book it for Monday.", tail_logit=2.0), p_end=0.9) == 260.0


def test_unfinished_sounding_speech_is_held_until_the_tail_hold_ends() -> None:
    assert commit_at(event("Book it for Monday.", tail_logit=-3.0), p_end=0.9) == 1800.0


def test_unsure_words_shorten_the_hold_and_the_cap() -> None:
    assert commit_at(event("Book it for Monday.", tail_logit=-3.0, heard_probability=0.3), p_end=0.0) == 1500.0
    assert commit_at(event("Book it for Monday.", tail_logit=None), p_end=0.0) == 3000.0


def test_a_complete_question_is_not_held_by_the_tail_probe() -> None:
    assert commit_at(event("Can we come at seven?", tail_logit=-3.0), p_end=0.9) == 260.0


def test_unfinished_words_wait_for_the_cap_once_they_are_final() -> None:
    assert commit_at(event("I'd like a table for", tail_logit=2.0), p_end=0.9) == 3000.0


class FakeHoldModel:
    """Holds the turns whose words end in "to" (and surely those ending in "the"); reads those ending in
    "bye." as surely finished."""

    threshold = 0.0

    def read(self, cues: HoldCues) -> float:
        words = cues.words
        return -3.0 if words.endswith(" the") else -0.2 if words.endswith(" to") else 1.0

    def surely_finished(self, cues: HoldCues) -> bool:
        words = cues.words
        return words.endswith("bye.")


def test_with_a_hold_model_the_gate_asks_it_and_not_the_probe_threshold() -> None:
    def commit(e: PauseEvent) -> float:
        gate = agent_commits(FakeDetector(), TurnSettings(),  # type: ignore[arg-type]
                             lambda ev: np.full(ev.prosody.shape[0], 0.9), FakeHoldModel())  # type: ignore[arg-type]
        return commit_ms(gate(e), 0.5)

    assert commit(event("Could we push it back to", tail_logit=3.0)) == 1800.0  # held though it sounded final
    assert commit(event("Book it for Monday.", tail_logit=-6.0)) == 260.0  # not held though it sounded unfinished


def test_a_surely_finished_turn_is_answered_though_the_predictor_would_wait() -> None:
    def commit(e: PauseEvent, p_end: float) -> float:
        gate = agent_commits(FakeDetector(), TurnSettings(),  # type: ignore[arg-type]
                             lambda ev: np.full(ev.prosody.shape[0], p_end), FakeHoldModel())  # type: ignore[arg-type]
        return commit_ms(gate(e), 0.5)

    assert commit(event("Thanks, bye.", tail_logit=-2.0), p_end=0.0) == 260.0  # the predictor alone: the cap
    assert commit(event("Book it for Monday.", tail_logit=2.0), p_end=0.0) == 3000.0
    # the rule waits for the final words: before them the gate has nothing to read
    late = PauseEvent("t", "heldout", "v", "x", "complete", True, "Thanks, bye.", "Thanks,", 400.0, 3000.0,
                      np.zeros((150, 5)), tail_logit=-2.0, heard_probability=0.9)
    assert commit(late, p_end=0.0) == 400.0


def test_a_surely_unfinished_turn_is_held_past_the_unsure_cap_until_the_long_hold_ends() -> None:
    def commit(e: PauseEvent) -> float:
        gate = agent_commits(FakeDetector(), TurnSettings(long_hold_below=-0.5, long_hold_max_ms=2600.0),  # type: ignore[arg-type]
                             lambda ev: np.full(ev.prosody.shape[0], 0.9), FakeHoldModel())  # type: ignore[arg-type]
        return commit_ms(gate(e), 0.5)

    assert commit(event("Could we move it to the", tail_logit=3.0, heard_probability=0.3)) == 2600.0
    assert commit(event("Could we move it to", tail_logit=3.0, heard_probability=0.3)) == 1500.0  # the unsure cap
    assert commit(event("Could we move it to", tail_logit=3.0)) == 1800.0


class UndecidedHoldModel(FakeHoldModel):
    """``FakeHoldModel`` with a band in which it is undecided: words ending in "then." read 0.3, between
    its threshold (0) and ``answer_above``."""

    answer_above = 0.5

    def read(self, cues: HoldCues) -> float:
        return 0.3 if cues.words.endswith(" then.") else super().read(cues)


@pytest.mark.parametrize(("words", "wait_ms", "expected_ms"), [
    ("We could move it then.", 1000.0, 1000.0),  # undecided: held until the undecided hold ends
    ("We could move it then.", 0.0, 260.0),  # no undecided hold
    ("Book it for Monday.", 1000.0, 260.0),  # read above answer_above: answered at once
    ("Could we push it back to", 1000.0, 1800.0),  # below the threshold: the full tail hold
])
def test_an_undecided_hold_model_holds_the_turn_for_the_undecided_wait(words: str, wait_ms: float,
                                                                       expected_ms: float) -> None:
    gate = agent_commits(FakeDetector(), TurnSettings(undecided_hold_max_ms=wait_ms),  # type: ignore[arg-type]
                         lambda ev: np.full(ev.prosody.shape[0], 0.9), UndecidedHoldModel())  # type: ignore[arg-type]
    assert commit_ms(gate(event(words, tail_logit=3.0)), 0.5) == expected_ms


def test_a_measured_asr_lag_keeps_each_turn_at_its_place_in_the_range() -> None:
    early, late = replace(event("a b", 2.0), asr_lag_ms=150.0), replace(event("a b", 2.0), asr_lag_ms=450.0)
    middle = replace(early, asr_lag_ms=300.0)
    assert [e.asr_lag_ms for e in with_asr_lag([early, middle, late], (100.0, 300.0))] == [100.0, 200.0, 300.0]
    # a predictor sure only once the final words are in answers as soon as the (shorter) lag is over
    def sure_once_final(e: PauseEvent) -> np.ndarray:
        return np.where(e.query_pause_ms >= e.asr_lag_ms, 0.9, 0.1)

    gate = agent_commits(FakeDetector(), TurnSettings(), sure_once_final)  # type: ignore[arg-type]
    slow = replace(event("Book it for Monday.", tail_logit=2.0), asr_lag_ms=450.0)
    fast = with_asr_lag([slow], (150.0, 300.0))[0]
    assert (commit_ms(gate(slow), 0.5), commit_ms(gate(fast), 0.5)) == (460.0, 300.0)


def test_a_lag_range_the_wrong_way_round_is_refused() -> None:
    with pytest.raises(ValueError, match="low <= high"):
        with_asr_lag([event("a b", 2.0)], (300.0, 100.0))


def test_the_cli_reads_a_lag_range_and_explains_a_bad_one() -> None:
    from chinwag.cli import _lag_range
    from chinwag.errors import ConfigError

    assert _lag_range("150,300") == (150.0, 300.0) and _lag_range(None) is None
    for bad in ("150", "a,b", "300,150"):
        with pytest.raises(ConfigError, match="--asr-lag-ms"):
            _lag_range(bad)


def test_a_cut_in_read_as_surely_finished_is_answered_but_not_while_it_is_only_a_preface() -> None:
    from chinwag.agents.floor_parts import FloorParts
    from chinwag.agents.turn_gate import decide
    from chinwag.bench.eot_agent import HeardTurn

    class SureOfEverything(FakeHoldModel):
        def surely_finished(self, *cues: object) -> bool:
            return True

    floor = FloorParts(FakeDetector(), turn=TurnSettings(), hold_model=SureOfEverything())  # type: ignore[arg-type]
    cut_in, prosody = HeardTurn(0.9, tail_logit=2.0, cut_in=True), {"pitch": 0.0}
    assert decide(floor, cut_in, "Sorry, can we make it four?", True, 300.0, 0.0, prosody) == "finished"
    assert decide(floor, cut_in, "Sorry, can we make it four?", True, 200.0, 0.0, prosody) is None  # too soon
    assert decide(floor, cut_in, "Sorry, hang on.", True, 300.0, 0.0, prosody) is None  # a preface: more follows
    assert decide(floor, cut_in, "Sorry, can we make it four?", False, 300.0, 0.0, prosody) is None  # not final
