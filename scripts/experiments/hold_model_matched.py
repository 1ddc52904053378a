"""Logistic or network hold model, compared at the same operating point (session 24).

``hold_model_nonlinear.py`` sets each learner's threshold on its training data, so a learner whose
readings shift on unheard voices is compared at another share of turn ends held. Here each left-out
split's threshold holds exactly 5 % of *its own* turn ends, for every learner alike, and the share of
its mid-sentence pauses that get through is reported (how well each ranks where it matters), with
AUC: on the ten hardest training splits, on shingled and slated (never trained on), and on the
end-of-turn generator's held-out turns (at 6 %, fitted on everything). Not used by chinwag itself.
The examples are cached after the first run (about 6 minutes). Run from the repository root:

    PYTHONPATH=.:scripts/experiments .venv/bin/python scripts/experiments/hold_model_matched.py

Session 24: logistic 0.954 / 0.237 (hard splits, AUC / mids through), 0.966 / 0.150 (shingled and
slated), 0.980 / 0.083 (generator); network 0.968 / 0.182, 0.978 / 0.100, 0.963 / 0.138.
"""

from __future__ import annotations

import numpy as np
from hold_data import cached, crossed_events

from chinwag.floor import eot_data
from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.hold_train import L2, examples
from chinwag.floor.small_net import NetSettings, fit_ensemble
from chinwag.floor.tail_bench import TRAIN_SPLITS
from chinwag.floor.tail_train import auc, fit

CHECK = ("shingled", "slated")
HARD = ("blind", "screened", "louvred", "thatched", "latticed", "shuttered", "mantled", "gabled", "cowled",
        "masked")
Parts = dict[str, tuple[np.ndarray, np.ndarray]]


def parts() -> Parts:
    def build() -> Parts:
        scorer = load_smollm2_scorer()
        data = eot_data.load_dataset(seed=0, hearing="whisper")
        out = {"gen_dev": examples(data["dev"], scorer), "gen_heldout": examples(data["heldout"], scorer)}
        return out | {s: examples(ev, scorer) for s, ev in crossed_events((*TRAIN_SPLITS, *CHECK)).items()}

    return cached("hold-model-matched-parts-v1.pkl", build)


def through(z: np.ndarray, y: np.ndarray, end_rate: float) -> float:
    """Share of pauses (label 0) at or above the logit that holds ``end_rate`` of the ends."""
    return float(np.mean(z[y == 0] >= np.quantile(z[y == 1], end_rate)))


def evaluate(data: Parts, make, label: str) -> None:  # type: ignore[no-untyped-def]
    train = [k for k in data if k not in ("gen_heldout", *CHECK)]
    rows = []
    for s in (*HARD, *CHECK):
        rest = [k for k in train if k != s]
        model = make(np.concatenate([data[k][0] for k in rest]), np.concatenate([data[k][1] for k in rest]))
        z = model.logits(data[s][0])
        rows.append((auc(z, data[s][1]), through(z, data[s][1], 0.05)))
    model = make(np.concatenate([data[k][0] for k in train]), np.concatenate([data[k][1] for k in train]))
    xh, yh = data["gen_heldout"]
    zh, r = model.logits(xh), np.array(rows)
    hard, check = r[:len(HARD)].mean(axis=0), r[len(HARD):].mean(axis=0)
    print(f"{label:28} hard {hard[0]:.3f} / {hard[1]:.3f}   shingled+slated {check[0]:.3f} / {check[1]:.3f}"
          f"   generator held-out {auc(zh, yh):.3f} / {through(zh, yh, 0.06):.3f}", flush=True)


def main() -> None:
    data = parts()
    print("AUC / mid-sentence pauses through, at 5 % of the left-out split's turn ends held")
    evaluate(data, lambda x, y: fit(x, y, l2=L2), "logistic")
    for decay in (3e-3, 1e-2, 3e-2):
        evaluate(data, lambda x, y, d=decay: fit_ensemble(x, y, NetSettings(decay=d)), f"network, decay {decay}")


if __name__ == "__main__":
    main()
