"""The shared standardised logistic record: its arithmetic, the numbers it refuses, and that every
shipped model file reads back unchanged through it."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import numpy as np
import pytest

from chinwag.errors import ConfigError
from chinwag.floor.end_of_turn import LM_MODEL_FILE, MODEL_FILE, EndOfTurnModel
from chinwag.floor.hold_model import HOLD_FILE, HoldModel
from chinwag.floor.logistic import LogisticModelError, StandardisedLogistic
from chinwag.floor.murmur_probe import PROBE_FILE as MURMUR_FILE
from chinwag.floor.murmur_probe import MurmurProbe
from chinwag.floor.tail_probe import PROBE_FILE as TAIL_FILE
from chinwag.floor.tail_probe import TailProbe


def _model() -> StandardisedLogistic:
    mean, std, weights = np.array([1.0, -2.0]), np.array([2.0, 0.5]), np.array([0.5, -3.0])
    return StandardisedLogistic(mean, std, weights, 0.25, "test model")


def _json(**changes: Any) -> dict[str, Any]:
    return {"mean": [1.0, -2.0], "std": [2.0, 0.5], "weights": [0.5, -3.0], "bias": 0.25, **changes}


def test_logit_is_standardise_then_dot_plus_bias() -> None:
    # ((5 - 1) / 2) * 0.5 + ((-1 - -2) / 0.5) * -3 + 0.25 = 1 - 6 + 0.25
    assert _model().logit(np.array([5.0, -1.0])) == pytest.approx(-4.75, abs=1e-15)
    assert isinstance(_model().logit(np.array([5.0, -1.0])), float)


def test_logits_reads_one_row_at_a_time_and_any_leading_shape() -> None:
    rows = np.array([[5.0, -1.0], [1.0, -2.0], [3.0, 0.0]])
    model = _model()
    assert np.array_equal(model.logits(rows), [model.logit(r) for r in rows])
    assert model.logits(rows).shape == (3,)
    assert model.logits(rows.reshape(3, 1, 2)).shape == (3, 1)
    assert model.logits(rows[1]) == pytest.approx(0.25)  # the mean reads as the bias


def test_json_round_trip_keeps_the_keys_in_order_and_the_numbers_exactly() -> None:
    data = _model().to_json()
    assert list(data) == ["mean", "std", "weights", "bias"]
    again = StandardisedLogistic.from_json(json.loads(json.dumps(data)), expected_size=2, name="test model")
    assert again.to_json() == data and again.size == 2
    assert StandardisedLogistic.from_json({**data, "threshold": 1.0}).to_json() == data  # others are not its keys


@pytest.mark.parametrize(("changes", "field", "expected_size"), [
    ({"std": [2.0]}, "std", None),  # numpy would broadcast a one-long std
    ({"mean": [1.0, 2.0, 3.0]}, "mean", None),
    ({"weights": [[0.5, -3.0]], "mean": [[1.0, -2.0]], "std": [[2.0, 0.5]]}, "weights", None),
    ({"weights": [], "mean": [], "std": []}, "weights", None),
    ({}, "weights", 3),  # the model computes three inputs, the file has two weights
    ({"weights": [float("nan"), 1.0]}, "weights", None),
    ({"mean": [1.0, float("inf")]}, "mean", None),
    ({"bias": float("nan")}, "bias", None),
    ({"std": [2.0, 0.0]}, "std", None),
    ({"std": [-1.0, 0.5]}, "std", None),
    ({"weights": ["a", 1.0]}, "weights", None),
    ({"bias": [1.0]}, "bias", None),
])
def test_unusable_numbers_are_refused_naming_the_model_and_the_field(
    changes: dict[str, Any], field: str, expected_size: int | None,
) -> None:
    with pytest.raises(ValueError, match=rf"the hold model's {field}\b") as caught:
        StandardisedLogistic.from_json(_json(**changes), expected_size, name="hold model")
    assert isinstance(caught.value, LogisticModelError) and isinstance(caught.value, ConfigError)


def test_zero_std_says_where() -> None:
    with pytest.raises(ValueError, match=r"std must be > 0, is 0.0 at index \[1\]"):
        StandardisedLogistic.from_json(_json(std=[2.0, 0.0]), name="tail probe")


def test_missing_fields_are_named() -> None:
    with pytest.raises(ValueError, match=r"the murmur probe JSON lacks \['std', 'bias'\]"):
        StandardisedLogistic.from_json({"mean": [1.0], "weights": [1.0]}, name="murmur probe")


def test_constructing_checks_as_loading_does() -> None:
    with pytest.raises(ValueError, match="std must be > 0"):
        StandardisedLogistic(np.zeros(2), np.zeros(2), np.ones(2), 0.0)
    model = StandardisedLogistic(np.zeros(2), [1, 1], np.ones(2), np.float64(0.5))  # type: ignore[arg-type]
    assert model.std.dtype == np.float64 and type(model.bias) is float


def test_a_vector_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="test model reads 2 inputs"):
        _model().logit(np.zeros(1))  # would broadcast
    with pytest.raises(ValueError, match="rows of 2 inputs"):
        _model().logits(np.zeros((4, 3)))


@pytest.mark.parametrize(("name", "load", "indent"), [  # indent: as the model's trainer writes it
    (TAIL_FILE, TailProbe.load, None),
    (MURMUR_FILE, MurmurProbe.load, None),
    (HOLD_FILE, HoldModel.load, None),
    (MODEL_FILE, lambda: EndOfTurnModel.load(), 1),
    (LM_MODEL_FILE, lambda: EndOfTurnModel.load(with_completion=True), 1),
])
def test_every_shipped_model_file_reads_back_unchanged(name: str, load: Any, indent: int | None) -> None:
    text = resources.files("chinwag").joinpath("data", name).read_text()
    data, model = json.loads(text), load()
    again = model.to_json()
    assert list(again) == list(data)  # the same keys in the same order
    assert again == data  # and the same values, floats exactly
    assert json.dumps(again, indent=indent) + "\n" == text  # the trainer would write the file byte for byte
    scorer = getattr(model, "scorer", None) or model.logistic  # the hold model may hold a network
    if "weights" in data:
        assert np.array_equal(scorer.weights, data["weights"]) and scorer.bias == data["bias"]
        assert scorer.size == len(data["weights"])
    else:
        assert np.array_equal(scorer.hidden_weights, data["hidden_weights"])
