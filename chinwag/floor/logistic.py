"""The standardised logistic regression that every small floor model is underneath.

Why one record: the tail probe, the murmur probe, the hold model and the end-of-turn model each keep
a feature mean and std, weights and a bias, compute ``((x - mean) / std) @ weights + bias`` and
round-trip those four through JSON. Kept in one place, a model file that cannot give a sound logit (a
truncated list, which numpy would broadcast without a word; a NaN from a fit that diverged; a zero std
from a constant feature) is refused when it is loaded, with the model and the field named, instead of
turning into NaN or wrong logits in the middle of a call.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from chinwag.errors import ConfigError

FIELDS = ("mean", "std", "weights", "bias")  # the JSON keys, in the order every model file has them
_ARRAYS = ("mean", "std", "weights")


class LogisticModelError(ConfigError, ValueError):
    """A logistic model's numbers cannot give a sound logit. A ConfigError, as every broken model file
    is, and a ValueError, as a bad value is."""


@dataclass(frozen=True, eq=False)  # eq=False: comparing numpy arrays field by field has no single truth value
class StandardisedLogistic:
    """``((x - mean) / std) @ weights + bias`` over ``size`` inputs; ``name`` names the model in errors."""

    mean: np.ndarray
    std: np.ndarray
    weights: np.ndarray
    bias: float
    name: str = "logistic model"

    def __post_init__(self) -> None:
        # Stored as float64 arrays and a plain float, whatever the trainer handed in, so that
        # ``to_json`` always serialises; float64 input is kept as is (no copy, no rounding).
        for key in _ARRAYS:
            object.__setattr__(self, key, np.asarray(getattr(self, key), dtype=np.float64))
        object.__setattr__(self, "bias", float(self.bias))
        self._check()

    @property
    def size(self) -> int:
        """How many inputs it reads."""
        return int(self.weights.shape[0])

    def logit(self, vector: np.ndarray) -> float:
        """The logit of one input vector (shape ``(size,)``)."""
        if np.shape(vector) != self.weights.shape:
            raise LogisticModelError(f"the {self.name} reads {self.size} inputs, got shape {np.shape(vector)}")
        return float(((vector - self.mean) / self.std) @ self.weights + self.bias)

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        """One logit per row: ``matrix`` has ``size`` columns (any leading shape)."""
        x = np.asarray(matrix, dtype=np.float64)
        if x.ndim == 0 or x.shape[-1] != self.size:
            raise LogisticModelError(f"the {self.name} reads rows of {self.size} inputs, got shape {x.shape}")
        return ((x - self.mean) / self.std) @ self.weights + self.bias

    def to_json(self) -> dict[str, Any]:
        """``mean``, ``std``, ``weights``, ``bias``, in that order; the owning model adds its own keys."""
        return {"mean": self.mean.tolist(), "std": self.std.tolist(), "weights": self.weights.tolist(),
                "bias": self.bias}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], expected_size: int | None = None,
                  name: str = "logistic model") -> StandardisedLogistic:
        """The four ``FIELDS`` of ``data`` (other keys are the owning model's); ``expected_size``, when
        the model knows how many inputs it computes, is checked too. A LogisticModelError otherwise."""
        missing = [k for k in FIELDS if k not in data]
        if missing:
            raise LogisticModelError(f"the {name} JSON lacks {missing}")
        values: dict[str, Any] = {}
        for key in FIELDS:
            try:
                values[key] = float(data[key]) if key == "bias" else np.asarray(data[key], dtype=np.float64)
            except (TypeError, ValueError) as exc:
                kind = "a number" if key == "bias" else "a list of numbers"
                raise LogisticModelError(f"the {name}'s {key} is not {kind}: {exc}") from exc
        model = cls(values["mean"], values["std"], values["weights"], values["bias"], name)
        if expected_size is not None and model.size != expected_size:
            raise LogisticModelError(f"the {name}'s weights has {model.size} values, the model computes "
                                     f"{expected_size} inputs")
        return model

    def _check(self) -> None:
        if self.weights.ndim != 1 or self.weights.size == 0:
            raise LogisticModelError(f"the {self.name}'s weights must be a non-empty list, got shape "
                                     f"{self.weights.shape}")
        for key in ("mean", "std"):
            shape = getattr(self, key).shape
            if shape != self.weights.shape:
                raise LogisticModelError(f"the {self.name}'s {key} has shape {shape}, its weights "
                                         f"{self.weights.shape}")
        for key in _ARRAYS:
            bad = np.flatnonzero(~np.isfinite(getattr(self, key)))
            if bad.size:
                raise LogisticModelError(f"the {self.name}'s {key} is not finite at index {bad[:5].tolist()}")
        if not math.isfinite(self.bias):
            raise LogisticModelError(f"the {self.name}'s bias is not finite ({self.bias})")
        bad = np.flatnonzero(self.std <= 0)
        if bad.size:
            raise LogisticModelError(f"the {self.name}'s std must be > 0, is {self.std[bad[0]]} at index "
                                     f"{bad[:5].tolist()}")


class LogisticFields:
    """``mean``, ``std``, ``weights`` and ``bias`` of a model that holds a ``logistic``: the names its
    callers read before the record was shared (read-only)."""

    logistic: StandardisedLogistic

    @property
    def mean(self) -> np.ndarray:
        return self.logistic.mean

    @property
    def std(self) -> np.ndarray:
        return self.logistic.std

    @property
    def weights(self) -> np.ndarray:
        return self.logistic.weights

    @property
    def bias(self) -> float:
        return self.logistic.bias
