"""Does Whisper's per-word evidence tell a completed fragment from a finished turn better than its
mean word probability? Re-hears the end-of-turn generator's dev and held-out turns (as
``eot_data`` does, single process) and records, per decode, the kept words' probabilities (words that
start before the acoustic end) and the words Whisper placed after it (its own continuation).

Run: ``.venv/bin/python scripts/experiments/word_cues_probe.py`` (about 5 minutes; prints AUCs only,
no sentences). Labels: 1 at a true end, 0 at a mid-sentence pause (afterthoughts left out).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from rehear import rehear

from chinwag.floor.tail_train import auc
from chinwag.listen.heard import WORD_MARGIN_MS

OUT = Path("/tmp/word_cues.json")


def main() -> None:
    def record(rec, audio: np.ndarray, speech_end_sample: int) -> dict[str, object]:
        transcript = rec.transcribe(np.asarray(audio, dtype=np.float32))
        return {"words": [(w.text, w.start_ms, w.end_ms, w.probability) for w in transcript.words],
                "end_ms": speech_end_sample / 16 + WORD_MARGIN_MS}

    rows = rehear(("dev", "heldout"), record)
    OUT.write_text(json.dumps(rows))
    report(rows)


def cues(r: dict) -> dict[str, float]:
    kept = [w for w in r["words"] if w[1] < r["end_ms"]]
    after = [w for w in r["words"] if w[1] >= r["end_ms"]]
    probs = [w[3] for w in kept] or [0.0]
    return {"mean_all": r["heard_probability"] or 0.0, "mean_kept": float(np.mean(probs)),
            "last": probs[-1], "min": min(probs), "n_after": -float(len(after)),
            "last_end_gap": -(r["end_ms"] - kept[-1][2]) if kept else 0.0}


def report(rows: list[dict]) -> None:
    for split in ("dev", "heldout"):
        use = [r for r in rows if r["split"] == split and (r["is_end"] or r["kind"] != "afterthought")]
        y = np.array([float(r["is_end"]) for r in use])
        table = [cues(r) for r in use]
        print(split, {k: round(auc(np.array([t[k] for t in table]), y), 3) for k in table[0]})
        after = np.array([t["n_after"] < 0 for t in table])
        print("  fragments with words after the end:", after[y == 0].mean().round(3),
              "ends:", after[y == 1].mean().round(3))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report":
        report(json.loads(OUT.read_text()))
    else:
        main()
