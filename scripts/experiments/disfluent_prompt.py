"""Does a disfluent previous-text prompt make Whisper keep a caller's trailing "and" / "um"?
Whisper tiny.en tends to complete a fragment cut at a pause ("We need two rooms, and" -> "We need
to ruin it."), and a completed fragment is what the end-of-turn gate cuts off. Whisper is known to
copy the style of its previous-text prompt (fillers kept, trailing words kept), so this re-hears the
end-of-turn generator's dev turns with and without such a prompt and counts, for mid-sentence
pauses and true ends, how often the heard words end unfinished (``words_unfinished``) and how often
the last word is a clause-opening word. Prints rates only (no sentences).

Also replays the agent's turn gate on each variant's events (``eot_gate_breakdown.replay``): false
cut-offs of mid-sentence pauses and mean dead air at true ends; and a third variant, beam search (5)
instead of the greedy decode.

Run: ``.venv/bin/python scripts/experiments/disfluent_prompt.py [split]`` (about 4 minutes per
variant on dev).

Session 20, dev: with the prompt below, mid-sentence pauses whose words end unfinished 42.6 % ->
53.2 % (last word clause-opening 33 % -> 48 %), and true ends heard as unfinished 5.6 % -> 3.1 %.
But the agent's turn gate (the end-of-turn bench's replay, shipped hold model) cut off *more* of
dev's pauses, 8 -> 11 of 94, at 524 -> 531 ms: the prompt also makes Whisper drop a turn's first
words ("The meeting is at 10." -> "meeting is at 10.") and invent others ("Let me do the map in"
-> "meeting in the afternoon."), and the hold model reads those as finished. Not used; it would
also need the hold model retrained on prompted decodes. Beam search: the same 8 of 94 cut off at
482 ms instead of 524 (virtual clock), but each decode costs about 80 ms more on this machine
(median 336 -> 414 ms for 2.5-4 s turns beside another job), paid on the real clock. Not used.
"""

from __future__ import annotations

import sys

import numpy as np

from chinwag.floor import eot_audio, eot_data
from chinwag.floor.end_of_turn import words_unfinished

DISFLUENT = "Um, so I'd like, uh... a table for, um... two, and... Hmm, let me think. Okay, and the"
VARIANTS: dict[str, tuple[str | None, int]] = {  # previous-text prompt, beam size
    "none": (None, 1), "disfluent": (DISFLUENT, 1), "beam5": (None, 5),
}
OPEN_WORDS = frozenset("and or but so because then to the a an for at with of in on from by um uh".split())


def last_word(words: str) -> str:
    tokens = [t.strip(".,?!;:-…").lower() for t in words.split()]
    tokens = [t for t in tokens if t]
    return tokens[-1] if tokens else ""


def run(split: str, prompt: str | None, beam: int) -> dict[str, float]:
    from chinwag.floor.tail_probe import TailProbe
    from chinwag.listen.whisper import WhisperRecognizer

    original = eot_audio.Ears.hear
    rec = WhisperRecognizer.tiny_en(cpu_threads=1, keep_encoder_states=True, beam_size=beam)
    tok = rec._tokenizer
    if prompt is not None:
        rec._prompt = [tok.sot_prev, *tok.encode(" " + prompt), *tok.sot_sequence, tok.no_timestamps]
    probe = TailProbe.load()

    def hear(self: eot_audio.Ears, audio: np.ndarray, speech_end_sample: int) -> eot_audio.Heard:
        self._recognizer, self._probe = rec, probe  # one recogniser, prompted before the first turn
        return original(self, audio, speech_end_sample)

    eot_audio.Ears.hear = hear  # type: ignore[method-assign]
    try:
        events = []
        for spec in eot_data.plan_turns(split, eot_data.DEFAULT_TURNS[split], 0):
            events += eot_data._generate([spec], "whisper")
    finally:
        eot_audio.Ears.hear = original  # type: ignore[method-assign]
    mids = [e for e in events if not e.is_end and e.kind != "afterthought"]
    ends = [e for e in events if e.is_end]
    return gate(split, events) | {
        "mid_unfinished": float(np.mean([words_unfinished(e.words) for e in mids])),
        "mid_open_last": float(np.mean([last_word(e.words) in OPEN_WORDS for e in mids])),
        "end_unfinished": float(np.mean([words_unfinished(e.words) for e in ends])),
        "end_open_last": float(np.mean([last_word(e.words) in OPEN_WORDS for e in ends])),
        "end_empty": float(np.mean([not e.words.strip() for e in ends])),
        "n_mid": len(mids), "n_end": len(ends),
    }


def gate(split: str, events: list[eot_data.PauseEvent]) -> dict[str, float]:
    """The agent's turn gate replayed on these events (as ``eot_gate_breakdown.py`` does)."""
    import eot_gate_breakdown

    original = eot_gate_breakdown.load_dataset
    eot_gate_breakdown.load_dataset = lambda hearing: {split: events}  # type: ignore[assignment]
    try:
        rows = eot_gate_breakdown.replay(split)
    finally:
        eot_gate_breakdown.load_dataset = original
    mids = [r for r in rows if not r["is_end"] and r["kind"] != "afterthought"]
    dead = [min(float(r["commit_ms"] or 3000.0), 3000.0) for r in rows if r["is_end"]]
    return {"gate_cut_off": float(np.mean([r["commit_ms"] is not None for r in mids])),
            "gate_dead_air_ms": float(np.mean(dead))}


def main() -> None:
    split = sys.argv[1] if len(sys.argv) > 1 else "dev"
    for name, (prompt, beam) in VARIANTS.items():
        print(name, {k: round(v, 3) for k, v in run(split, prompt, beam).items()}, flush=True)


if __name__ == "__main__":
    main()
