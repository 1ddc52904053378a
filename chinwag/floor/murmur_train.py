"""Train the murmur probe (``murmur_probe.py``) on the duplex bench's consumed splits.

    python -m chinwag.floor.murmur_train --out chinwag/data/murmur_probe.json   # minutes, renders cached

Data: the bench's user_backchannel cases whose text starts with a hum token ("mhm", "mm-hmm",
"uh-huh", "hmm", label 1) and its user_interruption cases (openers, label 0), of the splits already
consumed by tuning (``tail_bench.MURMUR_TRAIN_SPLITS``: the ten the tail probe learnt from until
session 15; a refit on all fourteen was measured then and not kept). held_out is kept for the AUC
written into the JSON; the sealed splits (``SEALED``) are filtered out by name before anything is
rendered. Word acknowledgements ("yeah", "oh, I see") are not trained on: an "oh ..." ack sounds like
an "oh ..." opener (session 12).

Each example is what the agent encodes at run time: the caller's recording runs through the agent's
own VAD and segmenter (``UserSpeechTracker``) until the segmenter opens the burst; the onset is placed
as the agent places it (``burst_onset_sample``), and the turn audio (pre-roll included) up to 160 ms
past that onset goes through the recogniser's ``encoder_states``.

The threshold sits above every training opener's out-of-fold score (leave one split out), the robust
choice of the session-12 measurement: a murmur resumed over is a provisional call, a missed opener is
an interruption talked over.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ, Stream, split_frames
from chinwag.floor.logistic import StandardisedLogistic
from chinwag.floor.murmur_probe import PROBE_FILE, MurmurProbe, burst_onset_sample, onset_vector, window_samples
from chinwag.floor.tail_bench import MURMUR_TRAIN_SPLITS

EVAL_SPLIT = "held_out"
# never loaded past their name, never rendered
SEALED = frozenset({"hooded", "cowled", "shaded", "draped", "swathed", "mantled", "screened", "curtained",
                    "shuttered", "latticed", "gabled", "louvred", "thatched", "shingled", "slated", "tiled",
                    "glazed"})
HUM = re.compile(r"^(mm|mhm|mm-hmm|uh-huh|hmm|mmm|m-hm)\b")
LAMBDAS = (0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)
LEAD_S = 2.0  # the VAD runs from this long before the burst onset
DEFAULT_DELAY_S = 0.5  # reply delay when no rendering is cached: it only moves the burst in the noise


def select_cases(splits: tuple[str, ...]) -> list[tuple[Any, int]]:
    """(case, label) for hum backchannels (1) and interruption openers (0) of ``splits``."""
    from chinwag.bench.duplex_scenarios import load_cases

    out = []
    for case in load_cases():
        if case.split in SEALED or case.split not in splits:
            continue
        text = case.texts[-1].lower().strip()
        if case.task == "user_interruption":
            out.append((case, 0))
        elif case.task == "user_backchannel" and HUM.match(text):
            out.append((case, 1))
    assert not any(c.split in SEALED for c, _ in out)
    return out


def cached_delay(case: Any) -> float:
    """The reply delay of the newest cached rendering of ``case`` (the bench's own dry run put it
    there); ``DEFAULT_DELAY_S`` when there is none."""
    from chinwag.bench.simulator import case_key, duplex_cache_dir

    folder = duplex_cache_dir()
    best: tuple[float, float] | None = None
    for cents in range(0, 600):
        path = folder / f"{case.id}-{case_key(case, cents / 100)}.npz"
        if path.is_file() and (best is None or path.stat().st_mtime > best[0]):
            best = (path.stat().st_mtime, cents / 100)
    return DEFAULT_DELAY_S if best is None else best[1]


class BurstEncoder:
    """The agent's recogniser and segmenter settings, from the default config."""

    def __init__(self) -> None:
        from chinwag.agents.factory import _load_recognizer
        from chinwag.config import load_config

        self.config = load_config(None)
        self.recognizer = _load_recognizer(self.config)
        self.name = str(getattr(self.recognizer, "name", ""))

    def vector(self, samples: np.ndarray, onset_s: float) -> np.ndarray | None:
        """The probe's input for the burst at ``onset_s`` of ``samples``, as the agent computes it."""
        from chinwag.agents.user_speech import UserSpeechTracker
        from chinwag.listen.segmenter import SpeechSegmenter
        from chinwag.listen.vad import SileroVad

        v = self.config.vad
        tracker = UserSpeechTracker(SileroVad(), SpeechSegmenter(
            start_threshold=v.threshold, min_speech_ms=v.min_speech_ms, min_silence_ms=v.min_silence_ms))
        first = max(0, round((onset_s - LEAD_S) * SAMPLE_RATE_HZ) // FRAME_SAMPLES)
        onset: int | None = None
        for frame in split_frames(samples[first * FRAME_SAMPLES:], Stream.USER, first):
            update = tracker.step(frame)
            if onset is None:
                if update.started and frame.index * FRAME_SAMPLES >= (onset_s - 0.3) * SAMPLE_RATE_HZ:
                    onset = burst_onset_sample(tracker.turn_samples, tracker.segmenter.config.min_speech_ms)
                elif update.started:  # the VAD opened on the noise before the burst: start over
                    tracker.take_turn()
                continue
            if tracker.turn_samples >= onset + window_samples():
                states = self.recognizer.encoder_states(tracker.turn_audio())
                return onset_vector(states, onset * 1000 / SAMPLE_RATE_HZ)
        return None


def gather(enc: BurstEncoder, splits: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(vectors, labels, splits, skipped) for the cases of ``splits``."""
    from chinwag.bench.simulator import cached_render

    cases = select_cases(splits)
    xs, ys, gs, skipped = [], [], [], 0
    t0 = time.time()
    for i, (case, label) in enumerate(cases):
        rec = cached_render(case, cached_delay(case))
        vec = enc.vector(rec.samples, rec.marks["onset_s"])
        if vec is None:
            skipped += 1
        else:
            xs.append(vec)
            ys.append(label)
            gs.append(case.split)
        if i % 25 == 0 or i == len(cases) - 1:
            print(f"  {i + 1}/{len(cases)} cases rendered and encoded, {time.time() - t0:.0f} s", flush=True)
    return np.array(xs), np.array(ys, dtype=float), np.array(gs), skipped


def fit_logreg(x: np.ndarray, y: np.ndarray, lam: float, iters: int = 30) -> np.ndarray:
    """L2 logistic regression (intercept unpenalised) by Newton's method; ``x`` standardised.
    Returns the weights with the bias last."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    reg = lam * np.eye(xb.shape[1])
    reg[-1, -1] = 1e-8
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(xb @ w)))
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + reg
        step = np.linalg.solve(hess, xb.T @ (p - y) + reg @ w)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def fit(x: np.ndarray, y: np.ndarray, lam: float) -> StandardisedLogistic:
    mean, std = x.mean(0), x.std(0) + 1e-8
    w = fit_logreg((x - mean) / std, y, lam)
    return StandardisedLogistic(mean, std, w[:-1], float(w[-1]), "murmur probe")


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, lam: float) -> np.ndarray:
    """Leave-one-split-out scores."""
    scores = np.zeros(len(y))
    for g in sorted(set(groups)):
        test = groups == g
        scores[test] = fit(x[~test], y[~test], lam).logits(x[test])
    return scores


def train(x: np.ndarray, y: np.ndarray, groups: np.ndarray, encoder: str) -> MurmurProbe:
    """L2 strength by leave-one-split-out AUC; threshold above every opener's out-of-fold score."""
    oof = {lam: out_of_fold(x, y, groups, lam) for lam in LAMBDAS}
    lam = max(LAMBDAS, key=lambda k: auc(oof[k][y == 1], oof[k][y == 0]))
    s = oof[lam]
    threshold = float(s[y == 0].max()) + 1e-6
    meta = {"l2": lam, "train_oof_auc": round(auc(s[y == 1], s[y == 0]), 4),
            "train_oof_hums_caught": round(float((s[y == 1] > threshold).mean()), 4)}
    return MurmurProbe(encoder, fit(x, y, lam), threshold, meta)


def nested_check(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> dict[str, Any]:
    """The whole recipe (``train``) scored on each training split left out in turn: how it does on
    splits it never saw, with the threshold it would have chosen without them."""
    scores, caught = np.zeros(len(y)), np.zeros(len(y), dtype=bool)
    for g in sorted(set(groups)):
        test = groups == g
        probe = train(x[~test], y[~test], groups[~test], "")
        scores[test] = [probe.logit(v) for v in x[test]]
        caught[test] = scores[test] > probe.threshold
    return {"loso_auc": round(auc(scores[y == 1], scores[y == 0]), 4),
            "loso_hums_caught": [int(caught[y == 1].sum()), int(y.sum())],
            "loso_openers_caught": [int(caught[y == 0].sum()), int((y == 0).sum())]}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--out", default=f"chinwag/data/{PROBE_FILE}")
    args = ap.parse_args(argv)
    enc = BurstEncoder()
    print(f"recogniser {enc.name}; rendering the training splits {', '.join(MURMUR_TRAIN_SPLITS)}", flush=True)
    x, y, groups, skipped = gather(enc, MURMUR_TRAIN_SPLITS)
    print(f"{len(y)} examples ({int(y.sum())} hums, {int((y == 0).sum())} openers), {skipped} skipped; "
          f"rendering {EVAL_SPLIT}", flush=True)
    xh, yh, _, skipped_h = gather(enc, (EVAL_SPLIT,))
    probe = train(x, y, groups, enc.name)
    sh = np.array([probe.logit(v) for v in xh])
    caught = sh > probe.threshold
    meta = {**probe.metadata, **nested_check(x, y, groups),
            "train_splits": list(MURMUR_TRAIN_SPLITS), "eval_split": EVAL_SPLIT,
            "train_counts": {"hum": int(y.sum()), "opener": int((y == 0).sum()), "skipped": skipped},
            "eval_counts": {"hum": int(yh.sum()), "opener": int((yh == 0).sum()), "skipped": skipped_h},
            f"{EVAL_SPLIT}_auc": round(auc(sh[yh == 1], sh[yh == 0]), 4),
            f"{EVAL_SPLIT}_hums_caught": [int(caught[yh == 1].sum()), int(yh.sum())],
            f"{EVAL_SPLIT}_openers_caught": [int(caught[yh == 0].sum()), int((yh == 0).sum())]}
    probe = replace(probe, metadata=meta)
    Path(args.out).write_text(json.dumps(probe.to_json()) + "\n")
    print(json.dumps(meta), flush=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
