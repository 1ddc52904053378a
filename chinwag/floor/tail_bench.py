"""Tail vectors from the duplex bench's own callers, so the tail probe hears more than one generator.

Why (session 13): the probe learnt from the end-of-turn generator's espeak turns alone, and on the
bench's later splits (new accents, Piper voices pitched and rate-shifted, noise) its ranking fell to
AUC 0.80-0.86. Fitted on the generator's turns plus nine of the ten training splits, it ranked the
tenth at 0.942 on average against the shipped probe's 0.888 (``scripts/experiments/tail_probe_loso.py``).

Each pause-handling and turn-taking case of a split gives two examples, cut as
``bench/duplex_pause_events.py`` cuts what the agent decodes: the turn audio up to the pause (label 0)
and up to the turn's end (label 1). Keys are ``(case id, is_end)``, as the pause events have them, so
that the hold model's training can give each bench event a *cross-fitted* logit: one from a probe that
never heard that split (``cross_fitted_logits``), or the hold model would learn to trust logits that
are only confident because the probe was fitted on the same audio.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.floor.logistic import StandardisedLogistic
from chinwag.floor.tail_probe import TRAINED_POOLING, pooled_vector, pooling_tag
from chinwag.listen.types import EncoderStates

log = logging.getLogger(__name__)

# duplex bench splits the probe and the hold model learn from: not held_out (the default table's check), nor
# shingled (written and run blind in session 21, then seen; kept out to check the models on), nor slated (run
# blind in session 22, read in session 23; kept out likewise), nor tiled (written in session 23, kept blind),
# nor glazed (written in session 24, kept blind). Session 15 added the four blind splits already read and
# consumed (hooded, cowled, shaded, draped): twelve more voices. Session 19 added the seven read since (swathed,
# mantled, screened, curtained, shuttered, latticed, gabled): twenty-one more, after louvred's untuned run.
# Session 21 added louvred and thatched (run blind in sessions 19 and 20, then read): six more voices, before
# shingled's run with the refitted models.
TRAIN_SPLITS = ("dev", "fresh", "unseen", "novel", "sealed", "blind", "veiled", "shrouded", "cloaked", "masked",
                "hooded", "cowled", "shaded", "draped", "swathed", "mantled", "screened", "curtained", "shuttered",
                "latticed", "gabled", "louvred", "thatched")
# the murmur probe (``murmur_train``) is fitted on the first ten: refitted on all fourteen (session 15)
# it took a blind split's interruption opener for a hum (docs/duplex-history-s15.md)
MURMUR_TRAIN_SPLITS = ("dev", "fresh", "unseen", "novel", "sealed", "blind", "veiled", "shrouded", "cloaked",
                       "masked")
VECTORS_VERSION = 1  # bump when the cut or the recogniser changes

Key = tuple[str, bool]  # (case id, is the turn's end)


@dataclass(frozen=True)
class SplitVectors:
    keys: list[Key]
    vectors: np.ndarray  # (n, encoder width)
    labels: np.ndarray  # 1.0 at a turn's end, 0.0 at a mid-sentence pause


Pool = Callable[[EncoderStates, float], np.ndarray | None]  # (states, speech end in ms) -> vector


def encode_split(split: str, pool: Pool) -> tuple[list[Key], list[np.ndarray]]:
    """Each pause and turn end of a split's pause-handling and turn-taking cases, decoded as the agent
    decodes it and pooled by ``pool`` (None: too short to read, left out). Experiments pass their own
    pooling (``scripts/experiments/tail_pooling.py``)."""
    from chinwag.bench.duplex_pause_events import MARGIN_SAMPLES, split_silences
    from chinwag.listen.whisper import WhisperRecognizer

    recognizer = WhisperRecognizer.tiny_en(cpu_threads=1, keep_encoder_states=True)
    keys: list[Key] = []
    vectors: list[np.ndarray] = []
    for case, (audio, start, queries) in split_silences(split):
        for first, _frames, is_end in queries:
            states = recognizer.encoder_states(audio[start : first * FRAME_SAMPLES + MARGIN_SAMPLES])
            vector = pool(states, (first * FRAME_SAMPLES - start) * 1000 / SAMPLE_RATE_HZ)
            if vector is not None:
                keys.append((case.id, is_end))
                vectors.append(vector)
    return keys, vectors


def _compute(split: str, pooling: str) -> SplitVectors:
    keys, vectors = encode_split(split, lambda states, end_ms: pooled_vector(states, end_ms, pooling))
    return SplitVectors(keys, np.array(vectors), np.array([float(end) for _, end in keys]))


def split_vectors(split: str, pooling: str = TRAINED_POOLING, cache_dir: Path | None = None) -> SplitVectors:
    """One bench split's tail vectors, pooled as a probe of ``pooling`` reads them (``tail_probe.POOLINGS``;
    by default the pooling ``tail_train`` fits, as ``tail_train.generator_examples`` does; about 20 s the
    first time; cached beside the renderings)."""
    from chinwag.bench.simulator import duplex_cache_dir

    path = (cache_dir or duplex_cache_dir()) / f"tail-vectors-{split}{pooling_tag(pooling)}-v{VECTORS_VERSION}.npz"
    if path.exists():
        with np.load(path, allow_pickle=False) as data:
            keys = [(str(i), bool(e)) for i, e in zip(data["ids"], data["ends"], strict=True)]
            return SplitVectors(keys, data["vectors"], data["labels"])
    log.info("encoding the %s split's pauses and turn ends for the tail probe", split)
    result = _compute(split, pooling)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, ids=np.array([k[0] for k in result.keys]), ends=np.array([k[1] for k in result.keys]),
             vectors=result.vectors, labels=result.labels)
    return result


def pooled(parts: Iterable[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    items = list(parts)
    return np.concatenate([x for x, _ in items]), np.concatenate([y for _, y in items])


def cross_fitted_logits(generator: tuple[np.ndarray, np.ndarray], splits: Mapping[str, SplitVectors],
                        l2: float) -> dict[str, dict[Key, float]]:
    """For each split, every example's logit from a probe fitted on the generator's examples and the
    *other* splits: what a probe that never heard the split would read."""
    from chinwag.floor.tail_train import fit

    out: dict[str, dict[Key, float]] = {}
    for name, held in splits.items():
        rest = [(v.vectors, v.labels) for other, v in splits.items() if other != name]
        probe: StandardisedLogistic = fit(*pooled([generator, *rest]), l2=l2)
        out[name] = dict(zip(held.keys, (float(v) for v in probe.logits(held.vectors)), strict=True))
    return out
