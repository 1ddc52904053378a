"""Does Whisper's doubt about the *last word* say the caller was cut mid-clause? On the end-of-turn
bench's dev split most of the agent's mid-sentence false cut-offs are fragments Whisper completed
("We need two rooms, and" -> "We need to ruin it."): the final "and" is heard as a plausible last
word. This re-decodes each turn (greedy, CTranslate2's ``return_logits_vocab``) and reads, at the
decoder steps of the last word heard before the acoustic end and the one before it, the mass on
words that cannot end a clause (conjunctions, prepositions, determiners, fillers).

Run: ``.venv/bin/python scripts/experiments/last_word_alternatives.py`` (dev and held-out, about
5 minutes); ``--report`` re-reads ``/tmp/last_word_alt.json``. Labels: 1 at a true end, 0 at a
mid-sentence pause (afterthoughts left out). Prints AUCs only (no sentences).

Session 20: alone, the mass on clause-opening words at the last word's step ranks ends against
pauses with AUC 0.855 / 0.852 (dev / held-out), but most of that is Whisper *choosing* such a word,
which the completion model already reads; excluding the chosen word, 0.734 / 0.766. Added to the
hold model's features on dev (5-fold CV, as ``stop_token_gain.py`` does): CV AUC 0.975 -> 0.979,
pauses let through at 5 % of ends held 0.120 -> 0.054 on dev, but on held-out at dev's threshold
0.092 -> 0.101. Of the pauses whose last heard word is *not* clause-opening (the dangerous ones),
only 18 % (dev) / 28 % (held-out) put more mass on one than the 95th percentile of true ends. Too
weak for a live decode with full-vocabulary logits; not used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from rehear import decode_with_logits, rehear, report_aucs, softmax

OUT = Path("/tmp/last_word_alt.json")
OPEN_WORDS = frozenset(
    "and or but so because then to the a an for at with of in on from by about into my your our their "
    "some um uh like this that these those two three four five six seven eight nine ten".split())


def open_word_ids(tokenizer) -> np.ndarray:
    ids = []
    for i in range(tokenizer.eot):
        s = tokenizer.decode([i])
        if s.startswith(" ") and s.strip().lower() in OPEN_WORDS:
            ids.append(i)
    return np.array(ids)


def decode_alternatives(rec, audio: np.ndarray, speech_end_sample: int, open_ids: np.ndarray) -> dict[str, object]:
    d = decode_with_logits(rec, audio, speech_end_sample)
    starts = [start for start, _ in d.word_spans()]
    out: dict[str, object] = {"n_words": len(starts)}
    open_set = set(open_ids.tolist())
    for name, k in (("last", -1), ("second_last", -2)):
        if len(starts) < -k or starts[k] >= len(d.steps):
            continue
        p = softmax(d.steps[starts[k]])
        chosen = d.text_ids[starts[k]]
        open_mass = float(p[open_ids].sum())
        chosen_open = chosen in open_set
        out[name] = {"open": open_mass, "open_other": open_mass - (float(p[chosen]) if chosen_open else 0.0),
                     "chosen": float(p[chosen]), "chosen_open": chosen_open}
    return out


def main() -> None:
    state: dict[str, np.ndarray] = {}

    def record(rec, audio: np.ndarray, speech_end_sample: int) -> dict[str, object]:
        if "open" not in state:
            state["open"] = open_word_ids(rec._tokenizer)
        return decode_alternatives(rec, audio, speech_end_sample, state["open"])

    rows = rehear(("dev", "heldout"), record)
    OUT.write_text(json.dumps(rows))
    report(rows)


def cues(r: dict) -> dict[str, float]:
    last, prev = r.get("last") or {}, r.get("second_last") or {}
    return {"last_open_other": -last.get("open_other", 0.0), "last_open": -last.get("open", 0.0),
            "prev_open_other": -prev.get("open_other", 0.0),
            "either_open_other": -max(last.get("open_other", 0.0), prev.get("open_other", 0.0))}


def report(rows: list[dict]) -> None:
    report_aucs(rows, ("dev", "heldout"), cues)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report":
        report(json.loads(OUT.read_text()))
    else:
        main()
