"""Does the hold model carry to a duplex-bench split it has not heard, and would more cues help?

Each bench training split is left out in turn: the hold model is fitted on the end-of-turn
generator's dev turns plus the other splits (tail logits cross-fitted, as ``hold_train`` does) and
ranks the left-out split's mid-sentence pauses against its turn ends (AUC); at the cross-validated
threshold it reports the share of mid-sentence pauses *not* held (each one a takeover risk) and of
turn ends held. ``--extra`` adds the word-list cues of ``floor.word_cues`` to the features. Not used
by chinwag itself. Run from the repository root (minutes the first time; events are cached):

    .venv/bin/python scripts/experiments/hold_model_loso.py [--extra]

Session 15 (fourteen splits): mean AUC 0.965, mids not held 0.30, ends held 0.04 (min AUC 0.892);
with the word-list cues 0.962 / 0.30 / 0.04 (min 0.881), so they were not added. Below the long
hold's -0.5: 63 % of mid-sentence pauses and 3 % of turn ends (most held ends are held 2.6 s).

Session 16 (caches rebuilt on a new machine): 0.969 / 0.29 / 0.04. ``--punct`` (Whisper's own final
punctuation: none, or a trailing "..." / "," / "-") 0.966 / 0.28 / 0.04: not added. The probe's logit
times the recogniser's doubt and the completion score times its confidence: 0.973 / 0.25 / 0.04; with
hinges on the probe's logit and the completion score too 0.974 / 0.23 / 0.04 (min AUC 0.929), which
``hold_model.SHAPES`` now ships (the default run measures them). SmolLM2's mean
per-token log-probability of the words (is the transcript plausible at all?) added nothing.
"""

from __future__ import annotations

import argparse

import numpy as np

from chinwag.bench.duplex_pause_events import split_events
from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.eot_data import load_dataset
from chinwag.floor.hold_train import END_HOLD_RATE, L2, examples, with_logits
from chinwag.floor.tail_bench import TRAIN_SPLITS, cross_fitted_logits, split_vectors
from chinwag.floor.tail_train import L2 as TAIL_L2
from chinwag.floor.tail_train import auc, fit, generator_examples
from chinwag.floor.word_cues import word_features

EXTRA = ("ends_filler", "ends_connective", "ends_number", "ends_half_number", "ends_closer", "incomplete")


def kept(events):
    """The events ``hold_train.examples`` keeps, in its order."""
    return [e for e in events if not ((e.kind == "afterthought" and not e.is_end) or e.tail_logit is None
                                      or not e.words)]


def with_words(events, x: np.ndarray) -> np.ndarray:
    rows = [[word_features(e.words)[k] for k in EXTRA] for e in kept(events)]
    extra = np.array(rows).reshape(len(rows), len(EXTRA))
    return np.concatenate([x, extra], axis=1)


def final_mark(words: str) -> list[float]:
    """Whisper's own last punctuation: none, or a trailing "..." / "," / "-" (it heard speech trail off)."""
    w = words.rstrip()
    return [float(bool(w) and w[-1] not in ".?!,-"), float(w.endswith(("...", ",", "-")))]


def with_marks(events, x: np.ndarray) -> np.ndarray:
    marks = [final_mark(e.words) for e in kept(events)]
    return np.concatenate([x, np.array(marks).reshape(len(marks), 2)], axis=1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extra", action="store_true")
    parser.add_argument("--punct", action="store_true", help="add Whisper's final punctuation")
    parser.add_argument("--end-hold-rate", type=float, default=END_HOLD_RATE,
                        help="share of training turn ends held, which sets the threshold")
    parser.add_argument("--long-below", type=float, default=-0.5,
                        help="the long hold's logit (turn.long_hold_below)")
    args = parser.parse_args()
    scorer = load_smollm2_scorer()
    crossed = cross_fitted_logits(generator_examples(), {s: split_vectors(s) for s in TRAIN_SPLITS}, l2=TAIL_L2)
    gen_events = load_dataset(seed=0, hearing="whisper")["dev"]
    parts = {"generator": (gen_events, examples(gen_events, scorer))}
    for s in TRAIN_SPLITS:
        ev = with_logits(split_events(s), crossed[s])
        parts[s] = (ev, examples(ev, scorer))
    data = {k: ((with_words(ev, x), y) if args.extra else (x, y)) for k, (ev, (x, y)) in parts.items()}
    if args.punct:
        data = {k: (with_marks(parts[k][0], x), y) for k, (x, y) in data.items()}
    print(f"{'left out':10} AUC   mids not held  ends held  mids / ends below --long-below")
    rows = []
    for s in TRAIN_SPLITS:
        x = np.concatenate([data[k][0] for k in data if k != s])
        y = np.concatenate([data[k][1] for k in data if k != s])
        model = fit(x, y, l2=L2, name="hold model")
        train_logits = model.logits(x)
        threshold = float(np.quantile(train_logits[y == 1], args.end_hold_rate))
        xs, ys = data[s]
        z = model.logits(xs)
        row = (auc(z, ys), float(np.mean(z[ys == 0] >= threshold)), float(np.mean(z[ys == 1] < threshold)),
               float(np.mean(z[ys == 0] < args.long_below)), float(np.mean(z[ys == 1] < args.long_below)))
        rows.append(row)
        print(f"{s:10} {row[0]:.3f} {row[1]:.2f}          {row[2]:.2f}       {row[3]:.2f} / {row[4]:.2f}")
    mean = np.mean(rows, axis=0)
    worst = min(r[0] for r in rows)
    print(f"{'mean':10} {mean[0]:.3f} {mean[1]:.2f}          {mean[2]:.2f}       {mean[3]:.2f} / {mean[4]:.2f}"
          f"   (min AUC {worst:.3f})")


if __name__ == "__main__":
    main()
