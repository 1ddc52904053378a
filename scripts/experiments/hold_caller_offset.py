"""Would learning each caller's offset during a call fix the hold model's shift between voices?

Session 24 saw the hold model's readings shift with the voice, both ways: glazed's finished turns
read just below the threshold (held 1.8-2.6 s), shingled's and slated's pauses above it (answered).
In a call the agent learns where the caller's turns really ended (the caller stayed quiet and was
answered), so it could move the threshold by how that caller's turn ends read against the training
callers'. This estimates it offline: each bench split left out in turn (logistic, as shipped; the
probe's logits cross-fitted), then per voice, in random orders, the first ``k`` turn ends set an
offset (their median logit minus the training ends' median, shrunk by ``k / (k + prior)``), and the
voice's other events are read against the moved threshold. A pause answered early in a call is not
seen here, only what each later event would read. Not used by chinwag itself. Run from the root:

    PYTHONPATH=.:scripts/experiments .venv/bin/python scripts/experiments/hold_caller_offset.py
"""

from __future__ import annotations

import argparse

import numpy as np
from hold_data import cached, crossed_events

from chinwag.floor import eot_data
from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.hold_train import END_HOLD_RATE, L2, examples
from chinwag.floor.tail_bench import TRAIN_SPLITS
from chinwag.floor.tail_train import fit

CHECK = ("shingled", "slated")
Data = dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # split -> (x, y, voice)


def kept_voices(events) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([e.voice for e in events if not ((e.kind == "afterthought" and not e.is_end)
                                                      or e.tail_logit is None or not e.words)])


def load() -> Data:
    def build() -> Data:
        scorer = load_smollm2_scorer()
        gen = eot_data.load_dataset(seed=0, hearing="whisper")["dev"]
        data: Data = {"generator": (*examples(gen, scorer), kept_voices(gen))}
        for s, events in crossed_events((*TRAIN_SPLITS, *CHECK)).items():
            data[s] = (*examples(events, scorer), kept_voices(events))
        return data

    return cached("hold-caller-offset-v1.pkl", build)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, action="append", help="turn ends heard first (default 2, 4, 6)")
    parser.add_argument("--prior", type=float, default=2.0, help="shrinkage: offset * k / (k + prior)")
    parser.add_argument("--orders", type=int, default=20)
    args = parser.parse_args()
    data = load()
    rng = np.random.default_rng(0)
    print("left-out splits: mids through / ends held at the fitted threshold, the caller's events after "
          "the first k ends")
    results: dict[tuple[str, int], list[tuple[float, float, float, float]]] = {}
    for s in (*TRAIN_SPLITS, *CHECK):
        rest = [k for k in data if k != s and k not in CHECK]
        x = np.concatenate([data[k][0] for k in rest])
        y = np.concatenate([data[k][1] for k in rest])
        model = fit(x, y, l2=L2, name="hold model")
        train = model.logits(x)
        threshold, ref = float(np.quantile(train[y == 1], END_HOLD_RATE)), float(np.median(train[y == 1]))
        xs, ys, vs = data[s]
        z = model.logits(xs)
        for k in args.k or [2, 4, 6]:
            for voice in np.unique(vs):
                idx = np.flatnonzero(vs == voice)
                ends = idx[ys[idx] == 1]
                if len(ends) <= k:
                    continue
                for _ in range(args.orders):
                    first = rng.choice(ends, size=k, replace=False)
                    later = np.setdiff1d(idx, first)
                    offset = (float(np.median(z[first])) - ref) * k / (k + args.prior)
                    zl, yl = z[later], ys[later]
                    results.setdefault((s, k), []).append((
                        float(np.mean(zl[yl == 0] >= threshold)), float(np.mean(zl[yl == 1] < threshold)),
                        float(np.mean(zl[yl == 0] - offset >= threshold)),
                        float(np.mean(zl[yl == 1] - offset < threshold))))
    for k in args.k or [2, 4, 6]:
        for label, names in (("training splits", TRAIN_SPLITS), ("shingled+slated", CHECK)):
            r = np.array([row for s in names for row in results.get((s, k), [])])
            print(f"k={k} {label:16} fixed threshold: mids through {r[:, 0].mean():.3f}, ends held "
                  f"{r[:, 1].mean():.3f} | caller offset: mids through {r[:, 2].mean():.3f}, ends held "
                  f"{r[:, 3].mean():.3f}")


if __name__ == "__main__":
    main()
