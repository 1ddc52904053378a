"""Does a tail probe that has heard the duplex bench's voices carry better to a split it has not heard?

Session 13's measurement behind the shipped probe (``floor/tail_train.py``, ``floor/tail_bench.py``);
not used by chinwag itself. Each of the ten bench training splits is left out in turn and ranked
(AUC, mid-sentence pause vs turn end) by a probe fitted on the end-of-turn generator's turns alone
(session 12's recipe), on the generator's turns plus the other nine splits (session 13's), and on the
nine splits alone. Run from the repository root (minutes the first time; the vectors are cached
beside the bench's renderings):

    .venv/bin/python scripts/experiments/tail_probe_loso.py

Session 13's figures: mean AUC 0.888 / 0.942 / 0.942 (min 0.801 / 0.859 / 0.825).
"""

from __future__ import annotations

import numpy as np

from chinwag.floor.tail_bench import TRAIN_SPLITS, pooled, split_vectors
from chinwag.floor.tail_train import auc, fit, generator_examples


def main() -> None:
    generator = generator_examples()
    splits = {s: split_vectors(s) for s in TRAIN_SPLITS}
    generator_only = fit(*generator)
    print("left-out split  generator only  generator + other 9 splits  other 9 splits only")
    rows = []
    for name, held in splits.items():
        rest = [(v.vectors, v.labels) for other, v in splits.items() if other != name]
        row = (auc(generator_only.logits(held.vectors), held.labels),
               auc(fit(*pooled([generator, *rest])).logits(held.vectors), held.labels),
               auc(fit(*pooled(rest)).logits(held.vectors), held.labels))
        rows.append(row)
        print(f"{name:15s} {row[0]:.3f}           {row[1]:.3f}                       {row[2]:.3f}", flush=True)
    table = np.array(rows)
    print("mean", table.mean(0).round(3), "min", table.min(0).round(3))


if __name__ == "__main__":
    main()
