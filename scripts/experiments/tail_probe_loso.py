"""Would a tail probe that has heard the duplex bench's voices carry better to a split it has not heard?

Session 13's measurement, kept for the session that ships it (not used by chinwag itself). The shipped
tail probe (``floor/tail_train.py``) learnt from the end-of-turn generator's espeak turns only. Here
each of the ten bench training splits (``hold_train.TRAIN_SPLITS``) is left out in turn; a probe is
fitted on the generator's turns plus the other nine splits' pauses and turn ends (tail vectors cut
as ``bench/duplex_pause_events.py`` cuts them) and scored (AUC, unfinished vs finished) on the one
left out, beside the shipped probe. Run from the repository root, about 4 minutes the first time
(vectors cached in /tmp/chinwag-probe-vectors.pkl):

    .venv/bin/python scripts/experiments/tail_probe_loso.py
"""
from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.bench.duplex_pause_events import REPLY_DELAY_S, TASKS, _frame
from chinwag.bench.duplex_scenarios import load_cases
from chinwag.bench.simulator import cached_render
from chinwag.floor.eot_data import END_QUERY_MS, HEARING_MARGIN_MS
from chinwag.floor.hold_train import TRAIN_SPLITS
from chinwag.floor.tail_probe import TailProbe, tail_vector
from chinwag.floor.tail_train import auc, fit, generate
from chinwag.listen.whisper import WhisperRecognizer

CACHE = Path("/tmp/chinwag-probe-vectors.pkl")
Vectors = dict[str, tuple[np.ndarray, np.ndarray]]


def bench_vectors(split: str, recognizer: WhisperRecognizer) -> tuple[np.ndarray, np.ndarray]:
    """Tail vectors (label 0 at the mid-sentence pause, 1 at the turn end) of one split's cases."""
    xs, ys = [], []
    margin = HEARING_MARGIN_MS // 20 * FRAME_SAMPLES
    for case in [c for c in load_cases() if c.split == split and c.task in TASKS]:
        rendered = cached_render(case, REPLY_DELAY_S)
        audio, marks = np.asarray(rendered.samples, dtype=np.float32), rendered.marks
        queries = [(_frame(marks["pause_start_s"]), 0)] if "pause_start_s" in marks else []
        queries.append((_frame(marks["turn_end_s"]), 1))
        need = (queries[-1][0] + END_QUERY_MS // 20 + 1) * FRAME_SAMPLES
        if len(audio) < need:
            audio = np.concatenate([audio, np.zeros(need - len(audio), dtype=np.float32)])
        start = max(0, round(marks["turn_start_s"] * SAMPLE_RATE_HZ) - margin)
        for first, label in queries:
            states = recognizer.encoder_states(audio[start : first * FRAME_SAMPLES + margin])
            vector = tail_vector(states, (first * FRAME_SAMPLES - start) / 16)
            if vector is not None:
                xs.append(vector)
                ys.append(label)
    return np.array(xs), np.array(ys, dtype=float)


def load_vectors() -> Vectors:
    if CACHE.exists():
        with CACHE.open("rb") as f:
            return pickle.load(f)
    recognizer = WhisperRecognizer.tiny_en(cpu_threads=1, keep_encoder_states=True)
    vectors = {split: bench_vectors(split, recognizer) for split in (*TRAIN_SPLITS, "held_out")}
    generated = generate(600, 0)
    vectors["eot_train"] = (np.array(generated.vectors), np.array(generated.labels, dtype=float))
    with CACHE.open("wb") as f:
        pickle.dump(vectors, f)
    return vectors


def pooled(vectors: Vectors, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate([vectors[n][0] for n in names]), np.concatenate([vectors[n][1] for n in names])


def main() -> None:
    vectors, shipped = load_vectors(), TailProbe.load()
    print("left-out split  shipped probe  generator + other 9 splits  other 9 splits only")
    rows = []
    for split in TRAIN_SPLITS:
        xt, yt = vectors[split]
        others = [s for s in TRAIN_SPLITS if s != split]
        with_generator = fit(*pooled(vectors, ["eot_train", *others]))
        row = (auc(shipped.logistic.logits(xt), yt), auc(with_generator.logits(xt), yt),
               auc(fit(*pooled(vectors, others)).logits(xt), yt))
        rows.append(row)
        print(f"{split:15s} {row[0]:.3f}          {row[1]:.3f}                       {row[2]:.3f}", flush=True)
    table = np.array(rows)
    print("mean", table.mean(0).round(3), "min", table.min(0).round(3))
    xt, yt = vectors["held_out"]
    everything = fit(*pooled(vectors, ["eot_train", *TRAIN_SPLITS]))
    print("held_out: shipped", round(auc(shipped.logistic.logits(xt), yt), 3),
          "generator + all 10 splits", round(auc(everything.logits(xt), yt), 3))


if __name__ == "__main__":
    main()
