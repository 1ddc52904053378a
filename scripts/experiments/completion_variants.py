"""How well the language model's turn-completion score separates finished turns from mid-sentence
pauses, for different ways of writing the caller's words into the prompt (session 14).

Run: ``.venv/bin/python scripts/experiments/completion_variants.py``. Uses the end-of-turn bench's
train and dev turns as Whisper hears them (never held-out); "afterthought" pauses (between two
sentences) are left out, as in the bench's budget. Prints AUC per variant and split.
"""

from __future__ import annotations

import re
import sys
import time

import numpy as np

import chinwag.floor.completion as cm
from chinwag.floor.eot_data import load_dataset
from chinwag.floor.word_cues import FILLERS

_FILLER = re.compile(r"\b(" + "|".join(FILLERS) + r")\b[,.]*\s*", re.IGNORECASE)
_TRAIL = re.compile(r"[\s.,!?…;:-]+$")


def keep_case(words: str) -> str:
    """Whisper's casing and inner punctuation kept; fillers, "..." and the final punctuation dropped."""
    text = _FILLER.sub("", words.replace("...", " ").replace("…", " "))
    return _TRAIL.sub("", " ".join(text.split()))


def lower_inner(words: str) -> str:
    return keep_case(words).lower()


_CURRENT = cm.normalise


def sentence_case(words: str) -> str:
    text = _CURRENT(words)
    text = re.sub(r"\bi\b", "I", text)
    return text[:1].upper() + text[1:]


VARIANTS = {"current": _CURRENT, "keep_case": keep_case, "lower_inner": lower_inner,
            "sentence_case": sentence_case}


def auc(pos: list[float], neg: list[float]) -> float:
    p, n = np.array(pos)[:, None], np.array(neg)[None, :]
    return float(((p > n) + 0.5 * (p == n)).mean())


def main() -> None:
    data = load_dataset(hearing="whisper")
    scorer = cm.load_smollm2_scorer()
    names = sys.argv[1:] or list(VARIANTS)
    for name in names:
        cm.normalise, original = VARIANTS[name], cm.normalise
        scorer._cache.clear()
        t0 = time.perf_counter()
        for split in ("train", "dev"):
            ev = [e for e in data[split] if e.kind != "afterthought" or e.is_end]
            pos = [np.log(max(scorer.p_complete(e.words), 1e-6)) for e in ev if e.is_end]
            neg = [np.log(max(scorer.p_complete(e.words), 1e-6)) for e in ev if not e.is_end]
            print(f"{name:14s} {split:6s} AUC {auc(pos, neg):.3f}  ends {len(pos)} mids {len(neg)}"
                  f"  median end p {np.exp(np.median(pos)):.3f} mid p {np.exp(np.median(neg)):.3f}", flush=True)
        print(f"  {time.perf_counter() - t0:.0f} s", flush=True)
        cm.normalise = original


if __name__ == "__main__":
    main()
