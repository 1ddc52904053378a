"""End-of-turn word features, the shipped model, the VAD baseline and the bench's scoring."""

from __future__ import annotations

import json

import numpy as np
import pytest

from chinwag.bench.eot_bench import score, threshold_for_budget, vad_probabilities, vad_silence_for_budget
from chinwag.errors import ConfigError
from chinwag.floor.end_of_turn import (
    EndOfTurnDetector,
    EndOfTurnModel,
    VadSilenceBaseline,
    word_features,
)
from chinwag.floor.eot_data import PauseEvent

FALLING = {
    "pitch_slope_st_per_s": -12.0,
    "final_pitch_st": -3.0,
    "energy_drop_db": -4.0,
    "speaking_rate_hz": 3.5,
    "final_run_ms": 160.0,
}
LEVEL = {
    "pitch_slope_st_per_s": 1.0,
    "final_pitch_st": 0.5,
    "energy_drop_db": 0.0,
    "speaking_rate_hz": 4.5,
    "final_run_ms": 80.0,
}


@pytest.mark.parametrize(
    ("words", "flag"),
    [
        ("i'd like a table for um", "ends_filler"),
        ("i'd like a table for", "ends_connective"),
        ("we wanted to come on friday but", "ends_connective"),
        ("i think that", "ends_connective"),
        ("can we come at seven", "ends_half_number"),
        ("book it for 4", "ends_half_number"),
        ("for four people please", "ends_closer"),
        ("what time do you close", "question_form"),
    ],
)
def test_word_features_flag_how_the_text_ends(words: str, flag: str) -> None:
    assert word_features(words)[flag] == 1.0


def test_complete_phrases_are_not_flagged_incomplete() -> None:
    for words in ("for four people", "can you repeat that", "seven thirty", "yes please", ""):
        assert word_features(words)["incomplete"] == 0.0, words
    assert word_features("at seven thirty")["ends_half_number"] == 0.0
    assert word_features("what's the")["question_form"] == 0.0  # incomplete wins over question form


def first_commit_ms(detector: EndOfTurnDetector, prosody: dict[str, float], words: str) -> float:
    for pause_ms in range(20, 3020, 20):
        if detector.should_commit(prosody, words, float(pause_ms)):
            return float(pause_ms)
    return float("inf")


def test_shipped_model_commits_sooner_after_a_finished_clause() -> None:
    detector = EndOfTurnDetector()
    assert 0.0 < detector.threshold < 1.0
    done = first_commit_ms(detector, FALLING, "i'd like a table for four people")
    held = first_commit_ms(detector, LEVEL, "i'd like a table for")
    assert done < held
    assert done <= 1000.0
    assert first_commit_ms(detector, LEVEL, "i'd like a table for um") > done


def test_probability_grows_with_the_pause() -> None:
    detector = EndOfTurnDetector()
    probs = [detector.probability(FALLING, "for four people", p) for p in (100.0, 500.0, 1500.0, 2500.0)]
    assert probs == sorted(probs)
    assert 0.0 <= probs[0] < probs[-1] <= 1.0


def test_model_round_trips_through_json(tmp_path) -> None:
    model = EndOfTurnModel.load()
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()))
    again = EndOfTurnModel.load(path)
    assert again.feature_names == model.feature_names
    assert np.allclose(again.weights, model.weights)
    assert "dev_metrics" in again.metadata


def test_broken_model_file_says_how_to_fix_it(tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"weights": [1.0]}))
    with pytest.raises(ConfigError, match="eot_train"):
        EndOfTurnModel.load(path)


def test_vad_baseline_commits_exactly_at_its_silence() -> None:
    vad = VadSilenceBaseline(800)
    assert not vad.should_commit({}, "anything", 780.0)
    assert vad.should_commit({}, "anything", 800.0)


def fake_event(is_end: bool, pause_ms: float, kind: str = "prep") -> PauseEvent:
    n = int(pause_ms // 20)
    return PauseEvent("t", "dev", "v", "x", kind, is_end, "words", "word", 0.0, pause_ms, np.zeros((n, 5)))


def test_scoring_counts_cutoffs_and_dead_air() -> None:
    events = [fake_event(False, 600.0), fake_event(False, 2000.0), fake_event(True, 3000.0)]
    result = score(events, vad_probabilities(1000.0), 0.5)
    assert result["false_cutoff_rate"] == 0.5  # the 2 s pause is cut at 1 s, the 0.6 s one is not
    assert result["dead_air_mean_ms"] == 1000.0
    assert vad_silence_for_budget(events, budget=0.0) == 2020.0


def test_threshold_for_budget_allows_only_the_budgeted_cutoffs() -> None:
    peaks = np.linspace(0.0, 0.99, 100)
    threshold = threshold_for_budget(peaks, 0.05)
    assert np.mean(peaks >= threshold) == pytest.approx(0.05)


class FakeCompletion:
    """A fake of the LM completion scorer: a fixed probability per normalised text."""

    def __init__(self, table: dict[str, float]) -> None:
        self.table = table
        self.asked: list[str] = []

    def p_complete(self, words: str) -> float:
        from chinwag.floor.completion import normalise

        self.asked.append(words)
        return self.table.get(normalise(words), 0.2)

    def cached(self, words: str) -> float | None:
        return self.p_complete(words)


def test_lm_model_needs_a_scorer_and_reads_it_only_for_final_words() -> None:
    with pytest.raises(ConfigError, match="completion"):
        EndOfTurnDetector(EndOfTurnModel.load(with_completion=True))
    fake = FakeCompletion({"do you have any vegetarian dishes": 0.3})
    detector = EndOfTurnDetector(completion=fake)
    detector.probability(FALLING, "Do you have any", 100.0, words_final=False)
    assert fake.asked == []  # stale words are not worth a model call
    detector.probability(FALLING, "Do you have any vegetarian dishes?", 300.0)
    assert fake.asked == ["Do you have any vegetarian dishes?"]


def test_lm_score_speeds_up_finished_sentences_and_vetoes_unfinished_ones() -> None:
    fake = FakeCompletion({"what are your opening hours": 0.6, "i was wondering if you have": 1e-5,
                           "what are your": 0.05})
    detector = EndOfTurnDetector(completion=fake)
    done = detector.probability(FALLING, "What are your opening hours?", 250.0)
    half = detector.probability(FALLING, "What are your", 250.0)
    assert done > half
    assert done >= detector.threshold
    # "if you have" is a sentence that goes on, however long the pause and however final it sounds
    for pause in (300.0, 1000.0, 2500.0):
        assert detector.probability(FALLING, "I was wondering if you have.", pause) == 0.0


def test_completion_text_is_normalised_without_punctuation_or_fillers() -> None:
    from chinwag.floor.completion import completion_feature, normalise

    assert normalise("My account number is, um...") == "my account number is"
    assert normalise("Is there parking?") == "is there parking"
    assert completion_feature(1.0) == pytest.approx(3.0)
    assert completion_feature(0.0) == completion_feature(1e-9) == 0.0


def test_a_finished_sentence_ends_the_turn_after_a_long_pause_even_with_unreadable_prosody() -> None:
    fake = FakeCompletion({"sorry i just want to book a table for three": 0.2, "make it for six": 0.3,
                           "hang on can i book a table for two": 0.3, "what are your opening hours": 0.5})
    detector = EndOfTurnDetector(completion=fake)
    no_pitch = {**LEVEL, "pitch_slope_st_per_s": 0.0, "final_pitch_st": 0.0}
    # unreadable prosody: the words decide once the pause is long enough
    assert detector.probability(no_pitch, "What are your opening hours?", 900.0) >= detector.threshold
    three = "Sorry, I just want to book a table for three."
    assert detector.probability(no_pitch, three, 900.0) >= detector.threshold
    # a half-said number in a question is a finished question ...
    assert detector.probability(LEVEL, "Hang on, can I book a table for two?", 900.0) >= detector.threshold
    # ... but "make it for six" may go on ("six thirty"): readable prosody keeps the model in charge
    lifted = detector.probability(LEVEL, "make it for six", 900.0)
    plain = EndOfTurnDetector(completion=fake)
    plain.complete_after_ms = 1e9  # the same detector without the rule
    assert lifted == plain.probability(LEVEL, "make it for six", 900.0)


@pytest.mark.parametrize(("words", "preface"), [
    ("Wait.", True), ("Sorry.", True), ("Hang on a sec,", True), ("Excuse me.", True), ("Wait, sorry.", True),
    ("Sorry?", False),  # asks for a repeat: a finished turn
    ("One.", False), ("Oh.", False), ("Okay.", False), ("Actually, two.", False), ("", False),
    ("Sorry, one question, do you have vegan food?", False),
])
def test_preface_only_turns(words: str, preface: bool) -> None:
    from chinwag.floor.word_cues import preface_only

    assert preface_only(words) is preface


def test_a_preface_alone_is_held_before_it_counts_as_a_finished_turn() -> None:
    fake = FakeCompletion({"wait": 0.5, "sorry": 0.5, "two": 0.5})
    detector = EndOfTurnDetector(completion=fake)
    for pause in (300.0, 600.0, 900.0):
        assert detector.probability(FALLING, "Wait.", pause) == 0.0  # the point usually follows
    assert detector.probability(FALLING, "Sorry.", 2500.0) > 0.0  # nothing followed: it is a turn
    assert detector.probability(FALLING, "Two.", 300.0) > 0.0  # an answer is not a preface
