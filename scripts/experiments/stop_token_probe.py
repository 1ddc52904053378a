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

from chinwag.floor import eot_audio, eot_data
from chinwag.floor.tail_train import auc
from chinwag.listen.heard import WORD_MARGIN_MS

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
    # index (in tokens) just after the last real word that starts before the end
    pos, cursor = 0, 0
    for a in align:
        cursor += len(a["tokens"])
        if a["start"] * 1000 < end_ms and any(c.isalnum() for c in a["word"]):
            pos = cursor
    out: dict[str, object] = {"n_tokens": len(text_ids), "pos": pos}
    for name, step in (("after_last", pos), ("final", len(text_ids))):
        if step >= len(steps):
            continue
        logp = steps[step].astype(np.float64)
        p = np.exp(logp - logp.max())
        p /= p.sum()
        out[name] = {"terminal": float(p[classes["terminal"]].sum()), "comma": float(p[classes["comma"]].sum()),
                     "ellipsis": float(p[classes["ellipsis"]].sum()), "eot": float(p[tok.eot]),
                     "top": float(p.max())}
    return out


def main() -> None:
    records: list[dict[str, object]] = []
    original = eot_audio.Ears.hear
    state: dict[str, object] = {}

    def hear(self: eot_audio.Ears, audio: np.ndarray, speech_end_sample: int) -> eot_audio.Heard:
        heard = original(self, audio, speech_end_sample)
        rec = self._recognizer
        if "classes" not in state:
            state["classes"] = token_classes(rec._tokenizer)  # type: ignore[union-attr]
        records.append(decode_masses(rec, audio, speech_end_sample, state["classes"]))
        return heard

    eot_audio.Ears.hear = hear  # type: ignore[method-assign]
    rows = []
    for split in ("train", "dev", "heldout"):
        for spec in eot_data.plan_turns(split, eot_data.DEFAULT_TURNS[split], 0):
            start = len(records)
            events = eot_data._generate([spec], "whisper")
            for e, r in zip(events, records[start:], strict=True):
                rows.append({"split": split, "kind": e.kind, "is_end": e.is_end, "voice": e.voice,
                             "pause_ms": getattr(e, "pause_ms", None), **r})
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
    for split in ("train", "dev", "heldout"):
        use = [r for r in rows if r["split"] == split and (r["is_end"] or r["kind"] != "afterthought")]
        if not use:
            continue
        y = np.array([float(r["is_end"]) for r in use])
        table = [cues(r) for r in use]
        print(split, len(use), {k: round(auc(np.array([t[k] for t in table]), y), 3) for k in table[0]})


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report":
        report(json.loads(OUT.read_text()))
    else:
        main()
