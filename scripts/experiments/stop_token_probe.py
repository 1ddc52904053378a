"""Does Whisper's own next-token distribution say whether the caller stopped? After the last word
heard before the acoustic end, the decoder weighs ending the sentence (".", "?", "!", end of text)
against going on (a comma, "...", another word). When Whisper completes a fragment ("We need two
rooms, and" -> "We need to ruin it."), the stop after the caller's last word is its language model's
guess, so it may carry less mass than after a sentence the caller finished.

Re-hears the end-of-turn generator's dev and held-out turns (as ``word_cues_probe.py`` does) with a
greedy decode that keeps the per-step log-probabilities (CTranslate2's ``return_logits_vocab``),
records a few masses per decode and prints AUCs only (no sentences).

Run: ``.venv/bin/python scripts/experiments/stop_token_probe.py`` (about 6 minutes);
``--report`` re-reads ``/tmp/stop_token.json``. Labels: 1 at a true end, 0 at a mid-sentence pause
(afterthoughts left out).

Session 19 (train / dev / held-out AUC): the terminal-punctuation mass after the last heard word
0.757 / 0.744 / 0.774; end of text straight after it 0.300 / 0.264 / 0.251 (a fragment often ends
with no punctuation at all). Alone it ranks as well as the last word's probability (dev 0.742), but
added to the hold model's features on dev (``stop_token_gain.py``: 5-fold CV on dev, read
on held-out at dev's 5 % of ends held) it adds nothing: dev CV AUC 0.973 -> 0.972, mid-sentence
pauses let through 0.130 -> 0.141 (dev) and 0.101 -> 0.092 (held-out, 1 of 109); with the
probe retrained later in the session, 0.975 -> 0.974 and 0.120 -> 0.120 on dev. Not used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from rehear import decode_with_logits, rehear, report_aucs, softmax

OUT = Path("/tmp/stop_token.json")
TERMINAL = {".", "?", "!", ".\"", "?\"", "!\""}
COMMA = {",", ";", ":", " -", "-"}
ELLIPSIS = {"...", "..", "…"}


def token_classes(tokenizer) -> dict[str, np.ndarray]:
    vocab = tokenizer.eot
    strings = [tokenizer.decode([i]) for i in range(vocab)]
    return {"terminal": np.array([i for i, s in enumerate(strings) if s.strip() in TERMINAL]),
            "comma": np.array([i for i, s in enumerate(strings) if s.strip() in COMMA]),
            "ellipsis": np.array([i for i, s in enumerate(strings) if s.strip() in ELLIPSIS])}


def decode_masses(rec, audio: np.ndarray, speech_end_sample: int, classes) -> dict[str, object]:
    d = decode_with_logits(rec, audio, speech_end_sample)
    spans = d.word_spans()
    pos = spans[-1][1] if spans else 0  # index (in tokens) just after the last real word before the end
    out: dict[str, object] = {"n_tokens": len(d.text_ids), "pos": pos}
    for name, step in (("after_last", pos), ("final", len(d.text_ids))):
        if step >= len(d.steps):
            continue
        p = softmax(d.steps[step])
        out[name] = {"terminal": float(p[classes["terminal"]].sum()), "comma": float(p[classes["comma"]].sum()),
                     "ellipsis": float(p[classes["ellipsis"]].sum()), "eot": float(p[rec._tokenizer.eot]),
                     "top": float(p.max())}
    return out


def main() -> None:
    state: dict[str, object] = {}

    def record(rec, audio: np.ndarray, speech_end_sample: int) -> dict[str, object]:
        if "classes" not in state:
            state["classes"] = token_classes(rec._tokenizer)
        return decode_masses(rec, audio, speech_end_sample, state["classes"])

    rows = rehear(("train", "dev", "heldout"), record)
    OUT.write_text(json.dumps(rows))
    report(rows)


def cues(r: dict) -> dict[str, float]:
    a = r.get("after_last") or {}
    f = r.get("final") or {}
    stop = a.get("terminal", 0.0) + a.get("eot", 0.0)
    return {"after_stop": stop, "after_terminal": a.get("terminal", 0.0), "after_eot": a.get("eot", 0.0),
            "after_go_on": -(a.get("comma", 0.0) + a.get("ellipsis", 0.0)), "final_eot": f.get("eot", 0.0),
            "after_top": a.get("top", 0.0), "words_after": -float(r["n_tokens"] - r["pos"])}


def report(rows: list[dict]) -> None:
    report_aucs(rows, ("train", "dev", "heldout"), cues)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report":
        report(json.loads(OUT.read_text()))
    else:
        main()
