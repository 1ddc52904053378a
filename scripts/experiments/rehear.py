"""Shared by the end-of-turn probes that re-hear the generator's turns (``stop_token_probe.py``,
``last_word_alternatives.py``, ``word_cues_probe.py``): each turn's events are generated as the agent
would hear them, and ``record`` adds one row of its own per decode."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chinwag.floor import eot_audio, eot_data
from chinwag.listen.heard import WORD_MARGIN_MS

Record = Callable[[Any, np.ndarray, int], dict[str, object]]  # (recogniser, audio, speech end) -> row


def rehear(splits: Sequence[str], record: Record) -> list[dict[str, object]]:
    """One row per event of ``splits``: its split, kind, label and voice, with ``record``'s fields."""
    records: list[dict[str, object]] = []
    original = eot_audio.Ears.hear

    def hear(self: eot_audio.Ears, audio: np.ndarray, speech_end_sample: int) -> eot_audio.Heard:
        heard = original(self, audio, speech_end_sample)
        records.append(record(self._recognizer, audio, speech_end_sample))
        return heard

    eot_audio.Ears.hear = hear  # type: ignore[method-assign]
    rows: list[dict[str, object]] = []
    try:
        for split in splits:
            for spec in eot_data.plan_turns(split, eot_data.DEFAULT_TURNS[split], 0):
                start = len(records)
                events = eot_data._generate([spec], "whisper")
                for e, r in zip(events, records[start:], strict=True):
                    rows.append({"split": split, "kind": e.kind, "is_end": e.is_end, "voice": e.voice,
                                 "heard_probability": e.heard_probability, **r})
    finally:
        eot_audio.Ears.hear = original  # type: ignore[method-assign]
    return rows


@dataclass
class LogitDecode:
    """A greedy decode with every step's full-vocabulary logits, and its words' alignment."""

    text_ids: list[int]
    steps: list[np.ndarray]  # steps[k]: the logits from which text_ids[k] was chosen
    align: list[dict[str, Any]]  # faster-whisper's word alignment: word, tokens, start (s)
    end_ms: float  # the acoustic end, with the agent's margin for a word's start

    def word_spans(self) -> list[tuple[int, int]]:
        """Token indices [start, end) of each real word that starts before the end."""
        spans, cursor = [], 0
        for a in self.align:
            end = cursor + len(a["tokens"])
            if a["start"] * 1000 < self.end_ms and any(c.isalnum() for c in a["word"]):
                spans.append((cursor, end))
            cursor = end
        return spans


def decode_with_logits(rec: Any, audio: np.ndarray, speech_end_sample: int) -> LogitDecode:
    samples = np.asarray(audio, dtype=np.float32)
    window = rec.policy.window_for(len(samples) / 16000) or 30.0
    encoded = rec._encode(samples, window)
    result = rec._fw.model.generate(encoded, [rec._prompt], beam_size=1, max_length=len(rec._prompt) + 64,
                                    return_logits_vocab=True, suppress_blank=True,
                                    suppress_tokens=rec._suppress)[0]
    tok = rec._tokenizer
    text_ids = [t for t in result.sequences_ids[0] if t < tok.eot]
    content = min(round(window * 100), int(np.ceil(len(samples) / 160)))
    align = rec._fw.find_alignment(tok, [text_ids], encoded, content)[0] if text_ids else []
    return LogitDecode(text_ids, [np.asarray(s) for s in result.logits[0]], align,
                       speech_end_sample / 16 + WORD_MARGIN_MS)


def softmax(logits: np.ndarray) -> np.ndarray:
    x = logits.astype(np.float64)
    p = np.exp(x - x.max())
    return p / p.sum()


def report_aucs(rows: list[dict], splits: Sequence[str], cues: Callable[[dict], dict[str, float]]) -> None:
    """Per split, each cue's AUC for telling true ends (1) from mid-sentence pauses (0; afterthoughts
    left out, as the end-of-turn bench leaves them)."""
    from chinwag.floor.tail_train import auc

    for split in splits:
        use = [r for r in rows if r["split"] == split and (r["is_end"] or r["kind"] != "afterthought")]
        if not use:
            continue
        y = np.array([float(r["is_end"]) for r in use])
        table = [cues(r) for r in use]
        print(split, len(use), {k: round(auc(np.array([t[k] for t in table]), y), 3) for k in table[0]})
