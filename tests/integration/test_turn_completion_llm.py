"""The language-model completion score with the real embedded SmolLM2: unfinished < finished."""

from __future__ import annotations

import pytest

pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (scripts/setup.sh installs it)")

from chinwag.floor.completion import LlamaCompletionScorer
from chinwag.floor.end_of_turn import INCOMPLETE_P

pytestmark = pytest.mark.integration

# Sentences the shipped model never saw in training (not in chinwag/floor/eot_templates.py).
FINISHED = ["Do you take credit cards?", "We'd like a table near the window.", "Is the terrace open tonight?",
            "That works for us, thanks."]
UNFINISHED = ["Do you take credit", "We'd like a table near the", "I was hoping that you could",
              "The reservation is for my"]


@pytest.fixture(scope="module")
def scorer() -> LlamaCompletionScorer:
    return LlamaCompletionScorer.smollm2()


def test_finished_sentences_score_higher_than_unfinished_ones(scorer: LlamaCompletionScorer) -> None:
    done = [scorer.p_complete(s) for s in FINISHED]
    cut = [scorer.p_complete(s) for s in UNFINISHED]
    assert min(done) > max(cut), (done, cut)
    assert sum(p < INCOMPLETE_P for p in cut) >= 2  # most fragments are vetoed outright
    assert all(p >= INCOMPLETE_P for p in done)  # no finished sentence is


def test_scores_are_cached_and_empty_text_is_unfinished(scorer: LlamaCompletionScorer) -> None:
    p = scorer.p_complete("Is the kitchen open late?")
    assert scorer.cached("is the kitchen open late") == p
    assert scorer.p_complete("  ...  ") == 0.0
