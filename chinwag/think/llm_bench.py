"""Language-model benchmark: load time, first-token latency with and without the cached prompt
prefix, and decoding speed, for the embedded llama.cpp model.

The figure that matters for a voice agent is the warm first-token latency: every turn shares the
system prompt, llama.cpp keeps it in its key/value cache, and only the new turn is evaluated. Timings
are wall-clock on whatever machine runs this (noisy on a shared box); medians over ``runs``.

    python -m chinwag.think.llm_bench            # prints the JSON report
    python -m chinwag.think.llm_bench 1          # with one thread
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from chinwag.think.llm import ChatMessage

USER_TURNS: tuple[str, ...] = (
    "Hi, when are you open on Sunday?",
    "Do you have anything vegan?",
    "Can I book a table for four on Friday at seven?",
    "Is there parking near you?",
    "How much are the mains?",
)


@dataclass
class TurnTiming:
    first_token_ms: float
    pieces: int
    decode_tokens_per_s: float | None  # None when the reply was a single piece


def _time_turn(model: Any, messages: list[ChatMessage], max_tokens: int) -> TurnTiming:
    start = time.perf_counter()
    first = last = None
    pieces = 0
    for _ in model.stream_chat(messages, max_tokens=max_tokens, temperature=0.0):
        last = time.perf_counter()
        if first is None:
            first = last
        pieces += 1
    if first is None or last is None:
        return TurnTiming(float("nan"), 0, None)
    rate = (pieces - 1) / (last - first) if pieces > 1 and last > first else None
    return TurnTiming((first - start) * 1000.0, pieces, rate)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def run_llm_bench(n_threads: int = 2, runs: int = 3, max_tokens: int = 48) -> dict[str, Any]:
    """Measure SmolLM2 (the bundled model) with the bundled agent's system prompt."""
    from chinwag.config import load_config
    from chinwag.think.llama import LlamaCppModel

    system_prompt = load_config().system_prompt
    started = time.perf_counter()
    model = LlamaCppModel.smollm2(n_threads=n_threads)
    load_s = time.perf_counter() - started
    try:
        turns = [[ChatMessage("system", system_prompt), ChatMessage("user", u)] for u in USER_TURNS]
        cold: list[TurnTiming] = []
        for i in range(runs):
            model.reset_cache()
            cold.append(_time_turn(model, turns[i % len(turns)], max_tokens))

        model.reset_cache()
        started = time.perf_counter()
        model.warm_up(system_prompt)
        warm_up_s = time.perf_counter() - started
        warm = [_time_turn(model, turns[(i + 1) % len(turns)], max_tokens) for i in range(runs)]

        rates = [t.decode_tokens_per_s for t in cold + warm if t.decode_tokens_per_s]
        return {
            "model": model.name,
            "n_threads": n_threads,
            "n_ctx": model.capabilities.max_context_tokens,
            "runs": runs,
            "system_prompt_tokens": model.count_tokens(system_prompt),
            "load_s": round(load_s, 3),
            "warm_up_s": round(warm_up_s, 3),
            "first_token_cold_ms": _median([t.first_token_ms for t in cold]),
            "first_token_warm_prefix_ms": _median([t.first_token_ms for t in warm]),
            "tokens_per_s": _median(rates),
            "reply_pieces": [t.pieces for t in warm],
        }
    finally:
        model.close()


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    n_threads = int(args[0]) if args else 2
    print(json.dumps(run_llm_bench(n_threads=n_threads), indent=2))


if __name__ == "__main__":
    main()
