"""eot-bench style trade-off: dead air at a false cut-off budget, model vs VAD-silence rules.

Every silence in the held-out generated conversations is replayed frame by frame: the policy is asked
every 20 ms (pause growing). Committing during a mid-turn pause is a *false cut-off*; for a true end of
turn, the pause length at commit is the *dead air* (capped at ``END_QUERY_MS`` when it never commits).
Thresholds (the model's and the tuned VAD's) are picked on the dev split for ≤ 5 % false cut-offs and
then measured on held-out voices and sentences never seen in training.

    python -m chinwag.bench.eot_bench --seed 0
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.bench.eot_agent import agent_commits, agent_rows, agent_turn_settings
from chinwag.floor.completion import load_smollm2_scorer
from chinwag.floor.end_of_turn import EndOfTurnDetector, EndOfTurnModel, TurnEndPolicy
from chinwag.floor.eot_data import (
    ASR_LAG_MS,
    END_QUERY_MS,
    PROSODY_KEYS,
    WHISPER_WORDS,
    PauseEvent,
    load_dataset,
)
from chinwag.floor.eot_templates import PIPER_VOICE
from chinwag.floor.hold_model import HoldModel

FRAME_STEP_MS = 20.0
FALSE_CUTOFF_BUDGET = 0.05
DEFAULT_VAD_MS = (500.0, 800.0, 1000.0, 1600.0)
# A pause *between* sentences ("... please. | And a high chair") is not a mid-sentence pause: nothing
# before it says the turn goes on, so it is scored apart (``false_cutoff_by_kind``), not in the budget.
BETWEEN_SENTENCES = frozenset({"afterthought"})
ProbabilityFn = Callable[[PauseEvent], np.ndarray]


def model_probabilities(detector: EndOfTurnDetector, asr_lag_scale: float = 1.0) -> ProbabilityFn:
    """Vectorised per silence: the transcript lacks the last word until the ASR lag has passed."""

    def run(e: PauseEvent) -> np.ndarray:
        pause = e.query_pause_ms
        early = pause < e.asr_lag_ms * asr_lag_scale
        out = np.empty(pause.size)
        for mask, words, final in ((early, e.words_partial, False), (~early, e.words, True)):
            if mask.any():
                out[mask] = detector.probabilities(e.prosody[mask], words, pause[mask], final)
        return out

    return run


def policy_probabilities(policy: TurnEndPolicy) -> ProbabilityFn:
    """Slow path for any policy: one call per 20 ms frame, exactly as the agent would make them."""

    def run(e: PauseEvent) -> np.ndarray:
        return np.array(
            [
                policy.probability(
                    dict(zip(PROSODY_KEYS, row, strict=True)), e.words_at(p), float(p), p >= e.asr_lag_ms
                )
                for row, p in zip(e.prosody, e.query_pause_ms, strict=True)
            ]
        )

    return run


def commit_ms(probs: np.ndarray, threshold: float) -> float:
    hits = np.flatnonzero(probs >= threshold)
    return float((hits[0] + 1) * FRAME_STEP_MS) if hits.size else math.inf


def threshold_for_budget(mid_max_probs: Sequence[float], budget: float = FALSE_CUTOFF_BUDGET) -> float:
    """Lowest threshold whose false cut-off rate on these mid-turn pauses is ≤ ``budget``."""
    peaks = np.sort(np.asarray(mid_max_probs, dtype=np.float64))[::-1]
    allowed = math.floor(budget * len(peaks) + 1e-9)
    if allowed >= len(peaks):
        return 0.0
    return float(np.nextafter(peaks[allowed], np.inf))


def mid_sentence_peaks(events: Iterable[PauseEvent], probs_of: ProbabilityFn) -> list[float]:
    """Highest probability inside each mid-sentence pause: what the threshold must stay above."""
    return [float(probs_of(e).max()) for e in events if not e.is_end and e.kind not in BETWEEN_SENTENCES]


def score(events: Iterable[PauseEvent], probs_of: ProbabilityFn, threshold: float) -> dict[str, Any]:
    """False cut-off rate over mid-turn pauses, dead-air stats over true ends."""
    cuts: list[bool] = []
    cut_by_kind: dict[str, list[bool]] = {}
    dead: list[float] = []
    for e in events:
        commit = commit_ms(probs_of(e), threshold)
        if e.is_end:
            dead.append(min(commit, float(END_QUERY_MS)))
        else:
            cut = commit <= e.pause_limit_ms
            cut_by_kind.setdefault(e.kind, []).append(cut)
            if e.kind not in BETWEEN_SENTENCES:
                cuts.append(cut)
    dead_arr = np.asarray(dead) if dead else np.zeros(1)
    return {
        "false_cutoff_rate": float(np.mean(cuts)) if cuts else 0.0,  # mid-sentence pauses only
        "n_mid_pauses": len(cuts),
        "n_turn_ends": len(dead),
        "dead_air_mean_ms": float(dead_arr.mean()),
        "dead_air_p50_ms": float(np.percentile(dead_arr, 50)),
        "dead_air_p95_ms": float(np.percentile(dead_arr, 95)),
        "never_committed": int(np.sum(dead_arr >= END_QUERY_MS)),
        "false_cutoff_by_kind": {k: round(float(np.mean(v)), 3) for k, v in sorted(cut_by_kind.items())},
    }


def vad_probabilities(silence_ms: float) -> ProbabilityFn:
    return lambda e: (e.query_pause_ms >= silence_ms).astype(np.float64)


def vad_silence_for_budget(events: Sequence[PauseEvent], budget: float = FALSE_CUTOFF_BUDGET) -> float:
    """Shortest silence timeout (20 ms steps) with ≤ ``budget`` false cut-offs on these events."""
    pauses = np.sort([e.pause_limit_ms for e in events if not e.is_end and e.kind not in BETWEEN_SENTENCES])
    pauses = pauses[::-1]
    allowed = math.floor(budget * len(pauses) + 1e-9)
    if allowed >= len(pauses):
        return FRAME_STEP_MS
    return float(pauses[allowed] + FRAME_STEP_MS)  # commits at the timeout, so it must outlast that pause


def run_eot_bench(
    seed: int = 0,
    turns: dict[str, int] | None = None,
    model_path: str | Path | None = None,
    vad_ms: Sequence[float] = DEFAULT_VAD_MS,
    cache_dir: Path | None = None,
    with_completion: bool = True,
    hearing: str = "script",
    asr_lag_ms: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """``hearing`` (see ``eot_data.load_dataset``): "script" words, as the shipped model was trained
    and tuned; "whisper": the words the shipped recogniser really hears, from sentences cut at the
    hesitation, which is what the agent meets in a call. ``asr_lag_ms``: replay with the final words
    arriving this long after the speech instead of the data's ``ASR_LAG_MS`` (``with_asr_lag``)."""
    data = load_dataset(seed=seed, turns=turns, cache_dir=cache_dir, hearing=hearing)
    if asr_lag_ms is not None:
        data = {split: with_asr_lag(events, asr_lag_ms) for split, events in data.items()}
    plain = EndOfTurnDetector(EndOfTurnModel.load(model_path))
    scorer = load_smollm2_scorer() if with_completion and model_path is None else None  # as the agent does
    detector = EndOfTurnDetector(completion=scorer) if scorer is not None else plain
    probs = model_probabilities(detector)
    dev, held = data["dev"], data["heldout"]

    dev_peaks = mid_sentence_peaks(dev, probs)
    dev_threshold = threshold_for_budget(dev_peaks)
    vad_dev_ms = vad_silence_for_budget(dev)
    results: dict[str, Any] = {
        "model (shipped threshold)": score(held, probs, detector.threshold),
        "model (threshold re-picked on this dev split)": score(held, probs, dev_threshold),
        f"VAD silence {vad_dev_ms:g} ms (picked on dev for <=5% cut-offs)": score(
            held, vad_probabilities(vad_dev_ms), 0.5
        ),
    }
    results["model, words known at once (no ASR lag)"] = score(
        held, model_probabilities(detector, asr_lag_scale=0.0), detector.threshold
    )
    for ms in vad_ms:
        results[f"VAD silence {ms:g} ms"] = score(held, vad_probabilities(ms), 0.5)
    by_family = {
        family: score([e for e in held if (e.voice == PIPER_VOICE) == is_piper], probs, detector.threshold)
        for family, is_piper in (("espeak-ng voices", False), ("piper joe voice", True))
    }
    if detector is not plain:
        results["prosody+words model without the LM score (shipped threshold)"] = score(
            held, model_probabilities(plain), plain.threshold
        )
    if hearing in WHISPER_WORDS:  # each query carries its decode's tail reading: the agent's whole gate
        turn = agent_turn_settings()
        hold = HoldModel.load() if detector.completion is not None else None
        results.update(agent_rows(held, detector, probs, turn, hold))
        gate = agent_commits(detector, turn, probs, hold)
        # the same gate on the dev voices: the predictor's threshold was picked there, yet the gate's
        # misses differ by voice (session 17: 14.9 % on dev against 7.3 % held out)
        dev_gate = score(dev, gate, 0.5)
        by_family |= {
            f"agent's turn gate, {family}": score([e for e in held if (e.voice == PIPER_VOICE) == is_piper],
                                                  gate, 0.5)
            for family, is_piper in (("espeak-ng voices", False), ("piper joe voice", True))
        }
    return {
        "seed": seed,
        "words": hearing,
        "asr_lag_ms": list(asr_lag_ms or ASR_LAG_MS),
        "detector": detector.name,
        "split_sizes": {
            s: {"mid_pauses": sum(not e.is_end for e in v), "turn_ends": sum(e.is_end for e in v)}
            for s, v in data.items()
        },
        "shipped_threshold": detector.threshold,
        "dev_threshold": dev_threshold,
        "model_dev_metrics": detector.model.metadata.get("dev_metrics"),
        "heldout": results,
        "heldout_model_by_voice_family": by_family,
        **({"dev_agent_gate": dev_gate} if hearing in WHISPER_WORDS else {}),
        "tradeoff_heldout_oracle": tradeoff(held, probs),
    }


def checked_lag_range(lag_ms: tuple[float, float]) -> tuple[float, float]:
    """``lag_ms`` if it is a range of lags (0 <= low <= high ms), else a ``ValueError`` saying so."""
    low, high = lag_ms
    if not 0 <= low <= high:
        raise ValueError(f"ASR lag range must be 0 <= low <= high ms, got {lag_ms}")
    return low, high


def with_asr_lag(events: Sequence[PauseEvent], lag_ms: tuple[float, float]) -> list[PauseEvent]:
    """The same turns with the final words arriving within ``lag_ms`` instead of ``ASR_LAG_MS``: each
    turn keeps its place in the range (its quantile), so the replay changes nothing else. Why: the
    data's 150-450 ms is an assumption from before the agent forced a decode at the first quiet frame;
    the real-clock latency bench measures the agent's own lag (its ``asr_final`` stage), and the dead
    air the gate can reach depends on it."""
    low, high = checked_lag_range(lag_ms)
    span = ASR_LAG_MS[1] - ASR_LAG_MS[0]
    return [replace(e, asr_lag_ms=low + (e.asr_lag_ms - ASR_LAG_MS[0]) / span * (high - low)) for e in events]


def tradeoff(events: Sequence[PauseEvent], probs_of: ProbabilityFn) -> dict[str, dict[str, float]]:
    """Dead air at each false cut-off budget with thresholds fitted on ``events`` themselves: the
    best each method *could* do here (an upper bound, not a deployable figure)."""
    out = {}
    peaks = mid_sentence_peaks(events, probs_of)
    for budget in (0.01, 0.02, 0.05, 0.10, 0.20):
        model = score(events, probs_of, threshold_for_budget(peaks, budget))
        vad = score(events, vad_probabilities(vad_silence_for_budget(events, budget)), 0.5)
        out[f"{budget:.0%}"] = {
            "model_dead_air_mean_ms": round(model["dead_air_mean_ms"]),
            "model_false_cutoff_rate": round(model["false_cutoff_rate"], 3),
            "vad_dead_air_mean_ms": round(vad["dead_air_mean_ms"]),
            "vad_false_cutoff_rate": round(vad["false_cutoff_rate"], 3),
        }
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="End-of-turn benchmark on held-out generated turns.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", type=Path, default=None, help="model JSON (default: the shipped one)")
    args = parser.parse_args(argv)
    print(json.dumps(run_eot_bench(seed=args.seed, model_path=args.model), indent=2))


if __name__ == "__main__":
    main()
