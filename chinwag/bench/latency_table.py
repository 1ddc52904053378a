"""The markdown table of `chinwag bench latency` results, as the README shows it."""

from __future__ import annotations

from typing import Any

ROWS = [
    ("asr_final", "final transcript ready"),
    ("decision", "reply decided (flow / guardrails)"),
    ("tts_first_audio", "first reply audio synthesized"),
    ("end_of_turn", "end of turn committed"),
    ("voice_to_voice", "**first agent sample played (voice-to-voice)**"),
]


def format_latency_table(report: dict[str, Any]) -> str:
    lines = ["| stage (ms after the caller stops) | dev p50 | dev p95 | held-out p50 | held-out p95 |",
             "|---|---|---|---|---|"]
    for stage, label in ROWS:
        cells = []
        for split in ("dev", "held_out"):
            stats = report.get(split, {}).get("stages", {}).get(stage, {})
            cells += [f"{stats['p50_ms']:.0f}" if "p50_ms" in stats else "–",
                      f"{stats['p95_ms']:.0f}" if "p95_ms" in stats else "–"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for split in ("dev", "held_out"):
        s = report.get(split, {})
        if s:
            lines.append("")
            lines.append(f"{split}: {s['conversations']} calls, {s['turns_answered']}/{s['turns']} caller turns "
                         f"answered before the caller's next turn, {s['cpu_seconds_per_call_second']} CPU-seconds "
                         f"per second of call, {s['late_ticks']} late ticks.")
    return "\n".join(lines)
