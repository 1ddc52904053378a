"""Would a small non-linear model read pauses better than the hold model's logistic regression?

Same data and protocol as ``hold_model_loso.py`` (each bench split left out in turn; the probe's
logits cross-fitted), with the two read splits the models never learnt from (shingled, slated) as
extra left-out folds. For each fold, sessions 10-23's learner (class-balanced logistic,
``hold_train.L2``) and the ensemble of one-hidden-layer networks that ships since session 24
(``floor.small_net``) are fitted on the rest; each gets a threshold that holds ``END_HOLD_RATE`` of
the training turn ends (out-of-fold readings would be fairer to the network,
which fits its training set more closely; ``--cv-threshold`` uses 5-fold out-of-fold logits), and
the left-out split's mid-sentence pauses *not* held (each a takeover risk) and turn ends held are
reported, with AUC. Not used by chinwag itself. Run from the repository root:

    PYTHONPATH=.:scripts/experiments .venv/bin/python scripts/experiments/hold_model_nonlinear.py
"""

from __future__ import annotations

import argparse

import numpy as np
from hold_data import crossed_events

from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.eot_data import load_dataset
from chinwag.floor.hold_train import END_HOLD_RATE, L2, examples
from chinwag.floor.small_net import NetSettings, fit_ensemble
from chinwag.floor.tail_bench import TRAIN_SPLITS
from chinwag.floor.tail_train import auc, fit

CHECK_SPLITS = ("shingled", "slated")  # read, never trained on


def out_of_fold(make, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    folds = np.array_split(np.random.default_rng(0).permutation(len(y)), 5)
    cv = np.zeros(len(y))
    for fold in folds:
        rest = np.setdiff1d(np.arange(len(y)), fold)
        cv[fold] = make(x[rest], y[rest]).logits(x[fold])
    return cv


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden", type=int, default=12)
    parser.add_argument("--decay", type=float, default=3e-3)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--cv-threshold", action="store_true")
    args = parser.parse_args()
    settings = NetSettings(hidden=args.hidden, decay=args.decay, steps=args.steps, members=args.seeds)
    scorer = load_smollm2_scorer()
    splits = (*TRAIN_SPLITS, *CHECK_SPLITS)
    gen = load_dataset(seed=0, hearing="whisper")["dev"]
    data = {"generator": examples(gen, scorer)}
    data |= {s: examples(ev, scorer) for s, ev in crossed_events(splits).items()}
    learners = {"logistic": lambda x, y: fit(x, y, l2=L2, name="hold model"),
                "network": lambda x, y: fit_ensemble(x, y, settings)}
    print(f"{'left out':10} " + "  ".join(f"{k:>8} AUC mids-unheld ends-held" for k in learners))
    rows: dict[str, list[tuple[float, float, float]]] = {k: [] for k in learners}
    for s in splits:
        train = [k for k in data if k != s and k not in CHECK_SPLITS]
        x = np.concatenate([data[k][0] for k in train])
        y = np.concatenate([data[k][1] for k in train])
        xs, ys = data[s]
        line = f"{s:10} "
        for name, make in learners.items():
            model = make(x, y)
            ref = out_of_fold(make, x, y) if args.cv_threshold else model.logits(x)
            threshold = float(np.quantile(ref[y == 1], END_HOLD_RATE))
            z = model.logits(xs)
            row = (auc(z, ys), float(np.mean(z[ys == 0] >= threshold)), float(np.mean(z[ys == 1] < threshold)))
            rows[name].append(row)
            line += f"   {row[0]:.3f}    {row[1]:.2f}      {row[2]:.2f}          "
        print(line, flush=True)
    n_train = len(TRAIN_SPLITS)
    for name, r in rows.items():
        a = np.array(r)
        t = a[:n_train]
        print(f"{name}: training splits left out: mean AUC {t[:, 0].mean():.3f}, mids unheld "
              f"{t[:, 1].mean():.3f}, ends held {t[:, 2].mean():.3f} (min AUC {t[:, 0].min():.3f});"
              f" shingled+slated: AUC {a[n_train:, 0].mean():.3f}, mids unheld {a[n_train:, 1].mean():.3f}, "
              f"ends held {a[n_train:, 2].mean():.3f}")


if __name__ == "__main__":
    main()
