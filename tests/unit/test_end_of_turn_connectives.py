"""The connective list holds a turn unless the language model reads the sentence as finished."""

from __future__ import annotations

from chinwag.floor.end_of_turn import CONNECTIVE_OVERRULED_P, EndOfTurnDetector, words_unfinished


class FakeCompletionScorer:
    """A stand-in for the SmolLM2 scorer: fixed scores per text (a fake, for the rule alone)."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores

    def p_complete(self, words: str) -> float:
        return self.scores.get(words, 0.0)

    def cached(self, words: str) -> float | None:
        return self.scores.get(words)


def test_connective_ending_holds_without_a_language_model() -> None:
    assert words_unfinished("Who should I talk to?")
    assert words_unfinished("a table for")
    assert not words_unfinished("a table for four")


def test_language_model_overrules_a_connective_but_never_a_filler() -> None:
    high, low = CONNECTIVE_OVERRULED_P * 4, CONNECTIVE_OVERRULED_P / 4
    assert not words_unfinished("Who should I talk to?", high)
    assert words_unfinished("I'd like a table for", low)
    assert words_unfinished("Yes please, um", 0.9)  # a trailing filler: the caller is thinking


def test_detector_holds_reads_only_the_cache() -> None:
    scorer = FakeCompletionScorer({"Who should I talk to?": 0.4, "I'd like a table for": 0.0003})
    detector = EndOfTurnDetector(completion=scorer)
    assert not detector.holds("Who should I talk to?")
    assert detector.holds("I'd like a table for")
    assert detector.holds("Which day was that for?")  # never scored: the word list decides
    plain = EndOfTurnDetector()
    assert plain.holds("Who should I talk to?")
