"""Does Whisper's stop mass (``stop_token_probe.py``) add anything to the hold model's features?
Fits the hold model's logistic on the end-of-turn generator's dev turns with and without the new
cues (5-fold cross-validation, threshold at 5 % of dev's turn ends held) and reads the dev fit on
held-out. Needs ``/tmp/stop_token.json`` from ``stop_token_probe.py``; prints numbers only.

Run: ``.venv/bin/python scripts/experiments/stop_token_gain.py``.
"""

from __future__ import annotations

import json

import numpy as np

from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.eot_data import PROSODY_KEYS, load_dataset
from chinwag.floor.hold_model import HoldCues, hold_features
from chinwag.floor.hold_train import L2, cross_validated
from chinwag.floor.tail_train import auc, fit


def build(split: str, rows: list[dict], data: dict, scorer: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    events, records = data[split], [r for r in rows if r["split"] == split]
    if len(events) != len(records):
        raise SystemExit(f"{split}: {len(events)} cached events, {len(records)} probe records")
    x, extra, y = [], [], []
    for e, r in zip(events, records, strict=True):
        if (e.kind, e.is_end, e.voice) != (r["kind"], r["is_end"], r["voice"]):
            raise SystemExit(f"{split}: the probe's records are not in the cached events' order")
        if (e.kind == "afterthought" and not e.is_end) or e.tail_logit is None or not e.words:
            continue
        k = int(np.searchsorted(e.query_pause_ms, max(250.0, e.asr_lag_ms)))
        prosody = dict(zip(PROSODY_KEYS, e.prosody[min(k, e.prosody.shape[0] - 1)], strict=True))
        p_complete = scorer.p_complete(e.words)  # type: ignore[attr-defined]
        x.append(hold_features(HoldCues(e.tail_logit, e.heard_probability, p_complete, e.words, prosody,
                                        e.last_word_probability)))
        a = r.get("after_last") or {}
        extra.append([np.log(a.get("terminal", 0.0) + 1e-3), np.log(a.get("eot", 0.0) + 1e-3),
                      np.log(a.get("comma", 0.0) + a.get("ellipsis", 0.0) + 1e-3)])
        y.append(float(e.is_end))
    return np.array(x), np.array(extra), np.array(y)


def main() -> None:
    rows = json.load(open("/tmp/stop_token.json"))
    data, scorer = load_dataset(seed=0, hearing="whisper"), load_smollm2_scorer()
    xd, ed, yd = build("dev", rows, data, scorer)
    xh, eh, yh = build("heldout", rows, data, scorer)
    variants = {"base": (xd, xh), "+terminal": (np.c_[xd, ed[:, 0]], np.c_[xh, eh[:, 0]]),
                "+all three": (np.c_[xd, ed], np.c_[xh, eh])}
    for name, (dev, held) in variants.items():
        cv = cross_validated(dev, yd)
        threshold = np.quantile(cv[yd == 1], 0.05)
        h = fit(dev, yd, l2=L2, name="hold model").logits(held)
        print(f"{name:11s} dev CV AUC {auc(cv, yd):.3f}, pauses let through "
              f"{np.mean(cv[yd == 0] >= threshold):.3f}"
              f" | held-out AUC {auc(h, yh):.3f}, pauses let through {np.mean(h[yh == 0] >= threshold):.3f},"
              f" ends held {np.mean(h[yh == 1] < threshold):.3f}")


if __name__ == "__main__":
    main()
