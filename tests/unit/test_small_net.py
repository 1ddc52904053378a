"""The hold model's small network ensemble: it learns what a sum cannot, round-trips through JSON,
refuses broken files, and its calibration gives balanced log-odds."""

from __future__ import annotations

import json

import numpy as np
import pytest

from chinwag.errors import ConfigError
from chinwag.floor.hold_model import FEATURES, HoldModel
from chinwag.floor.logistic import LogisticModelError
from chinwag.floor.small_net import NetSettings, TanhEnsemble, fit_ensemble, platt, scaled
from chinwag.floor.tail_train import auc, fit

SMALL = NetSettings(hidden=8, steps=600, members=2)


def _interaction(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Label 1 where two inputs agree in sign: no weighted sum can rank it."""
    x = np.random.default_rng(seed).normal(size=(n, 3))
    return x, (x[:, 0] * x[:, 1] > 0).astype(float)


def test_it_learns_an_interaction_the_logistic_cannot() -> None:
    x, y = _interaction()
    xt, yt = _interaction(seed=1)
    net = fit_ensemble(x, y, SMALL)
    assert auc(net.logits(xt), yt) > 0.9
    assert auc(fit(x, y).logits(xt), yt) < 0.65


def test_one_row_and_many_rows_read_the_same() -> None:
    x, y = _interaction(200)
    net = fit_ensemble(x, y, SMALL)
    assert net.logit(x[3]) == pytest.approx(float(net.logits(x)[3]))
    with pytest.raises(LogisticModelError, match="reads 3 inputs"):
        net.logit(x[3, :2])


def test_json_round_trip_keeps_the_logits() -> None:
    x, y = _interaction(200)
    net = fit_ensemble(x, y, SMALL)
    again = TanhEnsemble.from_json(json.loads(json.dumps(net.to_json())), expected_size=3)
    np.testing.assert_allclose(again.logits(x), net.logits(x))


@pytest.mark.parametrize(("change", "message"), [
    ({"out_bias": [0.0]}, "out_bias has shape"),
    ({"std": [1.0, 0.0, 1.0]}, "std must be > 0"),
    ({"mean": [float("nan"), 0.0, 0.0]}, "mean is not finite"),
    ({"hidden_weights": [1.0, 2.0]}, "hidden_weights must be"),
])
def test_a_broken_file_is_refused_with_the_field_named(change: dict, message: str) -> None:
    x, y = _interaction(100)
    data = fit_ensemble(x, y, SMALL).to_json() | change
    with pytest.raises(LogisticModelError, match=message):
        TanhEnsemble.from_json(data)
    with pytest.raises(LogisticModelError, match="lacks"):
        TanhEnsemble.from_json({k: v for k, v in data.items() if k != "hidden_bias"})


def test_calibration_gives_balanced_log_odds() -> None:
    rng = np.random.default_rng(0)
    y = (rng.random(2000) < 0.3).astype(float)
    raw = 5.0 * (2 * y - 1 + rng.normal(0, 1.0, y.size)) + 3.0  # over-sure and shifted
    a, b = platt(raw, y)
    p = 1 / (1 + np.exp(-(a * raw + b)))
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    assert np.sum(weight * p) / np.sum(weight) == pytest.approx(0.5, abs=0.02)  # balanced
    assert 0 < a < 1  # less sure than the raw scores
    x, yy = _interaction(100)
    net = fit_ensemble(x, yy, SMALL)
    np.testing.assert_allclose(scaled(net, a, b).logits(x), a * net.logits(x) + b)


def test_the_hold_model_reads_a_network_file_and_an_older_logistic_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    shipped = HoldModel.load()
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(300, len(FEATURES))), (rng.random(300) < 0.5).astype(float)
    logistic = HoldModel(fit(x, y, name="hold model"), -0.3, answer_above=0.2)
    network = HoldModel(fit_ensemble(x, y, SMALL, name="hold model"), -0.3, answer_above=0.2)
    path = tmp_path / "hold.json"
    for model in (logistic, network):
        path.write_text(json.dumps(model.to_json()))
        again = HoldModel.load(path)
        assert again.learner == model.learner
        np.testing.assert_allclose(again.logits(x[:5]), model.logits(x[:5]))
    older = {k: v for k, v in logistic.to_json().items() if k != "learner"}  # sessions 10-23
    path.write_text(json.dumps(older))
    assert HoldModel.load(path).learner == "logistic"
    path.write_text(json.dumps(network.to_json() | {"learner": "forest"}))
    with pytest.raises(ConfigError, match="learner"):
        HoldModel.load(path)
    assert shipped.scorer.size == len(FEATURES)
