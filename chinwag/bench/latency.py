"""`chinwag bench latency`: per-stage latency over caller scenarios, on the real-time clock.

Each scenario is rendered with several caller voices (dev voices, and held-out voices reported
separately) and streamed through the agent paced by the wall clock, exactly as `chinwag talk` does.
Latencies are measured on the conversation clock from the end of the caller's speech.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

from chinwag.audio.io import LoadedAudio
from chinwag.bench.caller_voices import DEV_VOICES, HELD_OUT_VOICES, CallerVoice
from chinwag.bench.callers import SCENARIOS, render_scenario
from chinwag.bench.cpu_load import busy_neighbours
from chinwag.conversation import ConversationResult, run_conversation
from chinwag.events import EventKind

STAGES = ("asr_final", "decision", "llm_first_token", "tts_first_audio", "end_of_turn", "voice_to_voice")


def _stage_values(results: list[ConversationResult], stage: str) -> list[float]:
    return [float(e.data["ms"]) for r in results for e in r.events
            if e.kind is EventKind.LATENCY and e.data.get("stage") == stage]


def _summary(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"count": 0}
    arr = np.asarray(values)
    return {"count": len(values), "p50_ms": round(float(np.percentile(arr, 50)), 1),
            "p95_ms": round(float(np.percentile(arr, 95)), 1), "mean_ms": round(float(arr.mean()), 1)}


SLOW_END_MS = 1000.0  # an end of turn committed later than this is listed with what committed it


def _slow_ends(results: list[ConversationResult]) -> list[dict[str, Any]]:
    """Each end of turn committed after ``SLOW_END_MS``, with the gate's reason and the tail probe's
    logit from the turn-end event: 1.5 s is the unsure-words cap, ~1.8 s the hold, ~2.6 s the long
    hold, 3 s the cap (the p95 of "end of turn committed" is these turns)."""
    slow = []
    for n, result in enumerate(results):
        ends = {e.data.get("turn"): e.data for e in result.events if e.kind is EventKind.TURN_END}
        for e in result.events:
            if (e.kind is EventKind.LATENCY and e.data.get("stage") == "end_of_turn"
                    and float(e.data["ms"]) > SLOW_END_MS):
                end = ends.get(e.data.get("turn"), {})
                slow.append({"call": n, "turn": e.data.get("turn"), "end_of_turn_ms": float(e.data["ms"]),
                             "reason": end.get("reason"), "tail_logit": end.get("tail_logit")})
    return slow


def _answered(result: ConversationResult, spans: list[tuple[float, float]]) -> tuple[int, int]:
    """How many caller turns got an agent reply that started before the caller's next turn."""
    starts = [e.t_ms / 1000 for e in result.events if e.kind is EventKind.UTTERANCE_STARTED
              and str(e.data.get("utterance_id", "")).startswith("turn-")]
    answered = 0
    for i, (_, end_s) in enumerate(spans):
        next_start = spans[i + 1][0] if i + 1 < len(spans) else float("inf")
        answered += any(end_s < s < next_start for s in starts)
    return answered, len(spans)


def _split_report(results: list[ConversationResult], answered: list[tuple[int, int]],
                  cpu_s: float, audio_s: float) -> dict[str, Any]:
    got, total = sum(a for a, _ in answered), sum(t for _, t in answered)
    return {
        "conversations": len(results),
        "turns": total,
        "turns_answered": got,
        "stages": {stage: _summary(_stage_values(results, stage)) for stage in STAGES},
        "cpu_seconds_per_call_second": round(cpu_s / max(audio_s, 1e-9), 3),
        "late_ticks": sum(r.late_ticks for r in results),
        "slow_ends": _slow_ends(results),
    }


def run_latency_bench(arch: str = "cascaded", n_scenarios: int = 6, config_path: str | Path | None = None,
                      console: Console | None = None, busy_cores: int = 0) -> dict[str, Any]:
    """``busy_cores``: that many spinning processes run beside the agent (``cpu_load``)."""
    from chinwag.agents.factory import ModelPool, build_agent, check_architecture
    from chinwag.config import load_config

    check_architecture(arch)
    console = console or Console(stderr=True)
    config = load_config(config_path)
    pool = ModelPool.load(config)
    plans: list[tuple[str, CallerVoice, int]] = []
    for i in range(n_scenarios):
        split = "held_out" if i % 2 else "dev"
        voices = HELD_OUT_VOICES if split == "held_out" else DEV_VOICES
        plans.append((split, voices[(i // 2) % len(voices)], i % len(SCENARIOS)))
    by_split: dict[str, list[tuple[ConversationResult, tuple[int, int], float, float]]] = {}
    for n, (split, voice, scenario_index) in enumerate(plans, 1):
        scenario = SCENARIOS[scenario_index]
        caller = render_scenario(scenario, voice, seed=n)
        console.print(f"[{n}/{len(plans)}] {scenario.name} with voice {voice.name} ({split}), "
                      f"{len(caller.samples) / 16000:.0f} s in real time")
        agent = build_agent(arch, pool)
        cpu0 = time.process_time()
        with busy_neighbours(busy_cores):
            result = asyncio.run(run_conversation(agent, LoadedAudio(caller.samples, 16000, 1)))
        cpu_s = time.process_time() - cpu0
        by_split.setdefault(split, []).append(
            (result, _answered(result, caller.turn_spans_s), cpu_s, result.duration_s))
    report: dict[str, Any] = {"arch": arch, "clock": "real-time", "machine_cores": _cores(),
                              "busy_cores": busy_cores, "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY")}
    everything = [item for items in by_split.values() for item in items]
    for name, items in [("all", everything), *sorted(by_split.items())]:
        report[name] = _split_report([i[0] for i in items], [i[1] for i in items],
                                     sum(i[2] for i in items), sum(i[3] for i in items))
    return report


def _cores() -> int:
    return os.cpu_count() or 0
