"""A few small one-hidden-layer networks, averaged: an optional learner for the hold model.

Why: the hold model's cues interact in ways a sum cannot say (the completion score means little when
the recogniser heard fluent nonsense; a falling pitch means less in a question), and session 16 had
to write such interactions by hand (``hold_model.SHAPES``). A tanh layer of a dozen units learns them.
With each bench split left out in turn (``scripts/experiments/hold_model_nonlinear.py``), it ranked
pauses against turn ends better than the logistic regression on the splits it never heard, but worse
on the end-of-turn generator's held-out voices, and in the agent it cost latency for no fewer pause
takeovers on the blind splits (session 24, docs/duplex-history-s24.md): ``hold_train --learner
network`` fits it, the logistic ships. Averaging a few nets from different starting weights
keeps one unlucky start from deciding a caller's turn.

Like ``logistic.StandardisedLogistic``, a file whose numbers cannot give a sound logit (wrong shapes,
NaN, a zero std) is refused when it is loaded, with the field named.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from chinwag.floor.logistic import LogisticModelError

NET_FIELDS = ("mean", "std", "hidden_weights", "hidden_bias", "out_weights", "out_bias")
# (members, inputs, hidden) for hidden_weights; the other fields' shapes follow from it
_SHAPES = {"mean": ("d",), "std": ("d",), "hidden_weights": ("k", "d", "h"), "hidden_bias": ("k", "h"),
           "out_weights": ("k", "h"), "out_bias": ("k",)}


@dataclass(frozen=True, eq=False)
class TanhEnsemble:
    """The mean over ``k`` nets of ``tanh(z @ W1 + b1) @ w2 + b2``, ``z`` the standardised input."""

    mean: np.ndarray  # (d,)
    std: np.ndarray  # (d,)
    hidden_weights: np.ndarray  # (k, d, h)
    hidden_bias: np.ndarray  # (k, h)
    out_weights: np.ndarray  # (k, h)
    out_bias: np.ndarray  # (k,)
    name: str = "network"

    def __post_init__(self) -> None:
        for key in NET_FIELDS:
            object.__setattr__(self, key, np.asarray(getattr(self, key), dtype=np.float64))
        self._check()

    @property
    def size(self) -> int:
        """How many inputs it reads."""
        return int(self.mean.shape[0])

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        """One logit per row of ``matrix`` (``size`` columns)."""
        x = np.asarray(matrix, dtype=np.float64)
        if x.ndim == 0 or x.shape[-1] != self.size:
            raise LogisticModelError(f"the {self.name} reads rows of {self.size} inputs, got shape {x.shape}")
        z = (x - self.mean) / self.std
        hidden = np.tanh(np.einsum("...d,kdh->...kh", z, self.hidden_weights) + self.hidden_bias)
        return np.mean(np.einsum("...kh,kh->...k", hidden, self.out_weights) + self.out_bias, axis=-1)

    def logit(self, vector: np.ndarray) -> float:
        """The logit of one input vector (shape ``(size,)``)."""
        if np.shape(vector) != (self.size,):
            raise LogisticModelError(f"the {self.name} reads {self.size} inputs, got shape {np.shape(vector)}")
        return float(self.logits(vector))

    def to_json(self) -> dict[str, Any]:
        return {key: getattr(self, key).tolist() for key in NET_FIELDS}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], expected_size: int | None = None,
                  name: str = "network") -> TanhEnsemble:
        missing = [k for k in NET_FIELDS if k not in data]
        if missing:
            raise LogisticModelError(f"the {name} JSON lacks {missing}")
        values: dict[str, np.ndarray] = {}
        for key in NET_FIELDS:
            try:
                values[key] = np.asarray(data[key], dtype=np.float64)
            except (TypeError, ValueError) as exc:
                raise LogisticModelError(f"the {name}'s {key} is not an array of numbers: {exc}") from exc
        model = cls(**values, name=name)
        if expected_size is not None and model.size != expected_size:
            raise LogisticModelError(f"the {name} reads {model.size} inputs, the model computes {expected_size}")
        return model

    def _check(self) -> None:
        if self.hidden_weights.ndim != 3 or 0 in self.hidden_weights.shape:
            raise LogisticModelError(f"the {self.name}'s hidden_weights must be (members, inputs, hidden), "
                                     f"got shape {self.hidden_weights.shape}")
        dims = dict(zip("kdh", self.hidden_weights.shape, strict=True))
        for key, axes in _SHAPES.items():
            want, got = tuple(dims[a] for a in axes), getattr(self, key).shape
            if got != want:
                raise LogisticModelError(f"the {self.name}'s {key} has shape {got}, expected {want}")
            bad = np.flatnonzero(~np.isfinite(getattr(self, key)))
            if bad.size:
                raise LogisticModelError(f"the {self.name}'s {key} is not finite at index {bad[:5].tolist()}")
        if np.any(self.std <= 0):
            raise LogisticModelError(f"the {self.name}'s std must be > 0")


@dataclass(frozen=True)
class NetSettings:
    hidden: int = 12
    decay: float = 3e-3  # L2 on the weights, per example
    steps: int = 1500  # full-batch Adam steps
    members: int = 3
    learning_rate: float = 0.01


def fit_ensemble(x: np.ndarray, y: np.ndarray, settings: NetSettings | None = None, seed: int = 0,
                 name: str = "network") -> TanhEnsemble:
    """Class-balanced cross-entropy, full-batch Adam, ``members`` nets from seeds ``seed, seed+1, ...``
    (a few thousand rows and twenty inputs: seconds per net)."""
    cfg = settings or NetSettings()
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / std
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean())) / len(y)
    members = [_fit_one(z, y, weight, cfg, seed + i) for i in range(cfg.members)]
    w1, c1, w2, c2 = (np.stack([m[j] for m in members]) for j in range(4))
    return TanhEnsemble(mean, std, w1, c1, w2, c2, name=name)


def _fit_one(z: np.ndarray, y: np.ndarray, weight: np.ndarray, cfg: NetSettings,
             seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    d, h = z.shape[1], cfg.hidden
    params = [rng.normal(0, 1 / math.sqrt(d), (d, h)), np.zeros(h), rng.normal(0, 1 / math.sqrt(h), h),
              np.zeros(())]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    b1, b2 = 0.9, 0.999
    for t in range(1, cfg.steps + 1):
        w1, c1, w2, c2 = params
        hidden = np.tanh(z @ w1 + c1)
        g = (1 / (1 + np.exp(-(hidden @ w2 + c2))) - y) * weight
        gh = np.outer(g, w2) * (1 - hidden ** 2)
        grads = (z.T @ gh + cfg.decay * w1, gh.sum(axis=0), hidden.T @ g + cfg.decay * w2, g.sum())
        for i, grad in enumerate(grads):
            first[i] = b1 * first[i] + (1 - b1) * grad
            second[i] = b2 * second[i] + (1 - b2) * grad ** 2
            step = (first[i] / (1 - b1 ** t)) / (np.sqrt(second[i] / (1 - b2 ** t)) + 1e-8)
            params[i] = params[i] - cfg.learning_rate * step
    return params



def platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``(a, b)`` such that ``a * logit + b`` are class-balanced log-odds of ``y``: fixed logit levels set
    for the logistic hold model (``turn.long_hold_below`` = -0.5) then mean about the same for a
    network. ``logits`` should be *out-of-fold* readings (a net's readings of its own training rows
    are too sure)."""
    from chinwag.floor.tail_train import fit  # the class-balanced logistic, here on one input

    one = fit(np.asarray(logits, dtype=np.float64).reshape(-1, 1), y, l2=0.0, name="calibration")
    a = float(one.weights[0] / one.std[0])
    return a, float(one.bias - a * one.mean[0])


def scaled(net: TanhEnsemble, a: float, b: float) -> TanhEnsemble:
    """``net`` whose logits are ``a * logit + b`` (folded into the output layer: no new fields)."""
    return TanhEnsemble(net.mean, net.std, net.hidden_weights, net.hidden_bias, net.out_weights * a,
                        net.out_bias * a + b, net.name)
