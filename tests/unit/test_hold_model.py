"""The shipped hold model: it loads, reads its features in order, and leans the way its cues do."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from chinwag.errors import ConfigError
from chinwag.floor.hold_model import FEATURES, HoldCues, HoldModel, hold_features

PROSODY = {"pitch_slope_st_per_s": -5.0, "final_pitch_st": -2.0, "energy_drop_db": -6.0,
           "speaking_rate_hz": 4.0, "final_run_ms": 80.0}


def test_the_shipped_model_was_measured_on_held_out_turns() -> None:
    model = HoldModel.load()
    assert model.scorer.size == len(FEATURES)
    held = model.metadata["heldout_at_threshold"]
    assert held["mid_pauses_held"] > held["turn_ends_held"]


def test_unfinished_sounding_fragment_is_held_and_a_finished_statement_is_not() -> None:
    model = HoldModel.load()
    assert model.holds(HoldCues(-6.0, 0.8, 0.001, "I'd like a table for", PROSODY))
    assert not model.holds(HoldCues(6.0, 0.95, 0.6, "That's everything, thank you.", PROSODY))


def test_features_follow_the_declared_order() -> None:
    x = hold_features(HoldCues(-20.0, None, 0.5, "Could you call me back?", PROSODY))
    assert x.shape == (len(FEATURES),)
    assert x[FEATURES.index("tail_logit")] == -8.0  # clipped
    assert x[FEATURES.index("word_probability")] == 0.0
    assert x[FEATURES.index("question")] == 1.0
    assert x[FEATURES.index("final_run_ms")] == 80.0


def test_a_model_for_other_features_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = HoldModel.load().to_json() | {"features": ["tail_logit"]}
    path = tmp_path / "hold.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="retrain"):
        HoldModel.load(path)
    assert np.isfinite(HoldModel.load().threshold)


def test_the_shipped_model_answers_only_above_where_it_holds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = HoldModel.load()
    assert model.answer_above is not None and model.answer_above > model.threshold
    assert model.surely_finished(HoldCues(6.0, 0.95, 0.6, "That's everything, thank you.", PROSODY))
    assert not model.surely_finished(HoldCues(-6.0, 0.8, 0.001, "I'd like a table for", PROSODY))
    path = tmp_path / "hold.json"
    path.write_text(json.dumps(model.to_json()))
    assert HoldModel.load(path).answer_above == model.answer_above
    older = {k: v for k, v in model.to_json().items() if k != "answer_above"}  # a session-10 model
    path.write_text(json.dumps(older))
    assert HoldModel.load(path).answer_above is None


def test_shape_features_let_one_strong_cue_outweigh_the_other() -> None:
    trailing_off = hold_features(HoldCues(-5.0, 0.6, 0.6, "so keep the kitchen on.", PROSODY))
    assert trailing_off[FEATURES.index("tail_below_-2")] == -3.0
    assert trailing_off[FEATURES.index("tail_below_-4")] == -1.0
    assert trailing_off[FEATURES.index("tail_above_2")] == 0.0
    assert trailing_off[FEATURES.index("log_p_complete_below_-3")] == 0.0  # the words read finished
    assert trailing_off[FEATURES.index("tail_x_word_doubt")] == pytest.approx(-5.0 * 0.4)
    unfinished_words = hold_features(HoldCues(5.0, 0.9, 0.001, "a table for", PROSODY))
    assert unfinished_words[FEATURES.index("tail_above_2")] == 3.0
    assert unfinished_words[FEATURES.index("log_p_complete_below_-3")] == pytest.approx(math.log(0.0011) + 3.0)
    assert unfinished_words[FEATURES.index("log_p_complete_x_word_probability")] == pytest.approx(
        0.9 * unfinished_words[FEATURES.index("log_p_complete")])
