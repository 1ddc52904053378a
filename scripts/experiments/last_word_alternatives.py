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

from chinwag.floor import eot_audio, eot_data
from chinwag.floor.tail_train import auc
from chinwag.listen.heard import WORD_MARGIN_MS

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


def softmax(logits: np.ndarray) -> np.ndarray:
    x = logits.astype(np.float64)
    p = np.exp(x - x.max())
    return p / p.sum()


def decode_alternatives(rec, audio: np.ndarray, speech_end_sample: int, open_ids: np.ndarray) -> dict[str, object]:
    samples = np.asarray(audio, dtype=np.float32)
    window = rec.policy.window_for(len(samples) / 16000) or 30.0
    encoded = rec._encode(samples, window)
    result = rec._fw.model.generate(encoded, [rec._prompt], beam_size=1, max_length=len(rec._prompt) + 64,
                                    return_logits_vocab=True, suppress_blank=True,
                                    suppress_tokens=rec._suppress)[0]
    ids = list(result.sequences_ids[0])
    steps = [np.asarray(s) for s in result.logits[0]]
    tok = rec._tokenizer
    text_ids = [t for t in ids if t < tok.eot]
    n_frames = round(window * 100)
    content = min(n_frames, int(np.ceil(len(samples) / 160)))
    align = rec._fw.find_alignment(tok, [text_ids], encoded, content)[0] if text_ids else []
    end_ms = speech_end_sample / 16 + WORD_MARGIN_MS
    starts: list[int] = []  # token index at which each real word before the end begins
    cursor = 0
    for a in align:
        if a["start"] * 1000 < end_ms and any(c.isalnum() for c in a["word"]):
            starts.append(cursor)
        cursor += len(a["tokens"])
    out: dict[str, object] = {"n_words": len(starts)}
    for name, k in (("last", -1), ("second_last", -2)):
        if len(starts) < -k or starts[k] >= len(steps):
            continue
        p = softmax(steps[starts[k]])
        chosen = text_ids[starts[k]]
        open_mass = float(p[open_ids].sum())
        chosen_open = chosen in set(open_ids.tolist())
        out[name] = {"open": open_mass, "open_other": open_mass - (float(p[chosen]) if chosen_open else 0.0),
                     "chosen": float(p[chosen]), "chosen_open": chosen_open}
    return out


def main() -> None:
    records: list[dict[str, object]] = []
    original = eot_audio.Ears.hear
    state: dict[str, object] = {}

    def hear(self: eot_audio.Ears, audio: np.ndarray, speech_end_sample: int) -> eot_audio.Heard:
        heard = original(self, audio, speech_end_sample)
        rec = self._recognizer
        if "open" not in state:
            state["open"] = open_word_ids(rec._tokenizer)  # type: ignore[union-attr]
        records.append(decode_alternatives(rec, audio, speech_end_sample, state["open"]))
        return heard

    eot_audio.Ears.hear = hear  # type: ignore[method-assign]
    rows = []
    for split in ("dev", "heldout"):
        for spec in eot_data.plan_turns(split, eot_data.DEFAULT_TURNS[split], 0):
            start = len(records)
            events = eot_data._generate([spec], "whisper")
            for e, r in zip(events, records[start:], strict=True):
                rows.append({"split": split, "kind": e.kind, "is_end": e.is_end, "voice": e.voice, **r})
    OUT.write_text(json.dumps(rows))
    report(rows)


def cues(r: dict) -> dict[str, float]:
    last, prev = r.get("last") or {}, r.get("second_last") or {}
    return {"last_open_other": -last.get("open_other", 0.0), "last_open": -last.get("open", 0.0),
            "prev_open_other": -prev.get("open_other", 0.0),
            "either_open_other": -max(last.get("open_other", 0.0), prev.get("open_other", 0.0))}


def report(rows: list[dict]) -> None:
    for split in ("dev", "heldout"):
        use = [r for r in rows if r["split"] == split and (r["is_end"] or r["kind"] != "afterthought")]
        y = np.array([float(r["is_end"]) for r in use])
        table = [cues(r) for r in use]
        print(split, len(use), {k: round(auc(np.array([t[k] for t in table]), y), 3) for k in table[0]})


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report":
        report(json.loads(OUT.read_text()))
    else:
        main()
