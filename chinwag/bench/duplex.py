"""`chinwag bench duplex`: Full-Duplex-Bench (v1) turn-taking metrics for a chinwag agent.

Each case of ``chinwag/data/scenarios/duplex.yaml`` is rendered into a caller recording
(``chinwag.bench.simulator``), played to a fresh agent through ``run_conversation``, and the stereo
recording that comes out is scored with ``chinwag.bench.fdb_metrics``: Whisper tiny.en (word
timings) on the agent channel, Silero VAD frame by frame on both channels.

On the virtual clock (the default) model compute takes no conversation time: latencies then hold only
the agent's waiting and policy (end-of-turn silence, barge-in confirmation), not its compute. With
``clock="real"`` the call is paced by the wall clock and latencies include compute.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from chinwag.audio.clock import VirtualClock
from chinwag.audio.frames import FRAME_MS, SAMPLE_RATE_HZ, Frame, Stream, is_silent, split_frames
from chinwag.audio.io import LoadedAudio, write_wav
from chinwag.bench import fdb_metrics as fdb
from chinwag.bench.duplex_scenarios import COUGH, PAUSE_TASKS, SPLITS, TASKS, DuplexCase, load_cases, select_cases
from chinwag.bench.simulator import (
    HORIZON_S,
    CallerRecording,
    cached_render,
    duplex_cache_dir,
    render_question,
)
from chinwag.errors import ConfigError
from chinwag.events import Event, EventKind
from chinwag.session import Session

log = logging.getLogger(__name__)

CUT_IN_TASKS = ("user_interruption", "user_backchannel")  # the user talks over the agent's reply
REAL_CLOCK_COMPUTE_ALLOWANCE_S = 1.0  # real clock: the agent also needs compute time before replying
CLOCK_NOTE = {
    "virtual": "virtual clock: model compute takes zero conversation time, so latencies include only "
               "the agent's waiting and turn-taking policy (end-of-turn silence, barge-in confirmation), "
               "not compute. Run with clock='real' for wall-clock latencies.",
    "real": "real-time clock: latencies are wall-clock and include model compute on this machine.",
}

# (task, metric key, label, direction, target); "<=" means lower is better
TARGETS: list[tuple[str, str, str, str, float]] = [
    ("pause_handling", "tor", "takeover rate (TOR)", "<=", 0.05),
    ("backchannel", "tor", "takeover rate (TOR)", "<=", 0.05),
    ("backchannel", "frequency", "backchannel frequency (/s)", ">=", 0.02),
    ("smooth_turn_taking", "tor", "takeover rate (TOR)", ">=", 0.95),
    ("smooth_turn_taking", "latency_s", "latency (s)", "<=", 0.35),
    ("user_interruption", "tor", "takeover rate (TOR)", ">=", 0.95),
    ("user_interruption", "latency_s", "latency after interruption (s)", "<=", 0.4),
    ("user_interruption", "stop_latency_p95_s", "stop latency p95 (s)", "<=", 0.15),
    ("user_backchannel", "tor", "user backchannel TOR (agent yielded)*", "<=", 0.05),
    ("user_backchannel", "reply_dropped", "reply dropped as if interrupted*", "<=", 0.05),
    ("pause_fragment", "tor", "takeover rate (TOR)†", "<=", 0.05),
]
SPLIT_TITLES = {name: name.replace("_", "-") for name in SPLITS}  # held_out -> held-out
TASK_TITLES = {
    "pause_handling": "Pause handling", "backchannel": "Backchannel",
    "smooth_turn_taking": "Smooth turn-taking", "user_interruption": "User interruption",
    "user_backchannel": "User backchannel / cough*",
    "pause_fragment": "Pause, fragment said alone†",
}


# ------------------------------------------------------------------------------- the real models layer
def whisper_transcriber() -> fdb.Transcribe:
    from chinwag.listen.whisper import WhisperRecognizer

    recognizer = WhisperRecognizer.tiny_en(word_timings=True)
    return lambda audio: list(recognizer.transcribe(audio).words)


def silero_probabilities() -> fdb.SpeechProbabilities:
    from chinwag.listen.vad import SileroVad

    vad = SileroVad()

    def probabilities(audio: np.ndarray) -> np.ndarray:
        vad.reset()
        return fdb.frame_probabilities(audio, vad.step_windows)

    return probabilities


# -------------------------------------------------------------------------------------------- scoring
def score_case(case: DuplexCase, recording: CallerRecording, stereo: np.ndarray, transcribe: fdb.Transcribe,
               probabilities: fdb.SpeechProbabilities) -> dict[str, Any]:
    an = fdb.StereoAnalyzer(stereo, transcribe, probabilities)
    m = recording.marks
    if case.task in PAUSE_TASKS:
        return fdb.score_pause(an, m["pause_start_s"], m["pause_end_s"])
    if case.task == "backchannel":
        return fdb.score_backchannel(an, m["turn_start_s"], m["turn_end_s"])
    if case.task == "smooth_turn_taking":
        return fdb.score_turn_taking(an, m["turn_end_s"], HORIZON_S)
    if case.task == "user_interruption":
        return fdb.score_interruption(an, m["onset_s"], m["end_s"], HORIZON_S)
    if case.task == "user_backchannel":
        return {**fdb.score_user_backchannel(an, m["onset_s"]), "cough": case.texts[-1] == COUGH}
    raise ConfigError(f"unknown duplex task '{case.task}'")


def _mean(values: list[float]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None


def _p95(values: list[float]) -> float | None:
    return round(float(np.percentile(values, 95)), 4) if values else None


def summarize(task: str, scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Task metrics over cases (FDB averages TOR over cases, latency over cases that took the turn)."""
    errors = sum(1 for s in scores if "error" in s)
    valid = [s for s in scores if "error" not in s and s.get("applicable", True)]
    out: dict[str, Any] = {"cases": len(scores), "scored": len(valid), "errors": errors}
    if not valid:
        return out
    out["tor"] = _mean([s["tor"] for s in valid])
    if task in PAUSE_TASKS:  # not FDB: how often the agent said anything at all in the pause
        out["spoke_rate"] = _mean([s["spoke"] for s in valid])
    if task == "backchannel":
        out["frequency"] = _mean([s["frequency"] for s in valid])
    if task in ("smooth_turn_taking", "user_interruption"):
        lat = [s["latency_s"] for s in valid if s.get("latency_s") is not None]
        out["latency_s"] = _mean(lat)
        out["latency_p50_s"] = round(float(np.median(lat)), 4) if lat else None
    if task == "user_interruption":
        stops = [s["stop_latency_s"] for s in valid]
        out.update(stop_latency_p95_s=_p95(stops), stop_latency_mean_s=_mean(stops),
                   talked_through=sum(1 for s in valid if s["talked_through"]),
                   onset_in_agent_pause=sum(1 for s in valid if s.get("onset_in_agent_pause")))
    if task == "user_backchannel":
        for kind, is_cough in (("speech", False), ("cough", True)):
            out[f"tor_{kind}"] = _mean([s["tor"] for s in valid if s["cough"] == is_cough])
        out["reply_dropped"] = _mean([s["reply_dropped"] for s in valid if "reply_dropped" in s])
    return out


def _passes(value: float | None, direction: str, target: float) -> bool | None:
    if value is None:
        return None
    return value <= target if direction == "<=" else value >= target


def build_table(tasks: dict[str, dict[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    rows = []
    for task, key, label, direction, target in TARGETS:
        splits = tasks.get(task, {})
        values = {name: splits.get(name, {}).get(key) for name in (*SPLITS, "all")}
        rows.append({"task": task, "metric": key, "label": label, **values,
                     "target": f"{'≤' if direction == '<=' else '≥'} {target:g}",
                     "pass": _passes(values["all"], direction, target)})
    return rows


def format_duplex_table(report: dict[str, Any]) -> str:
    """Markdown table for the README: FDB task, metric, a value per split that was run, target, pass."""
    def fmt(v: Any) -> str:
        return "n/a" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)

    shown = [name for name in SPLITS if any(name in splits for splits in report["tasks"].values())]
    header = " / ".join(SPLIT_TITLES[name] for name in shown)
    lines = [f"| FDB task | metric | chinwag {header} | target | pass |", "|---|---|---|---|---|"]
    for row in report["table"]:
        verdict = {True: "yes", False: "no", None: "n/a"}[row["pass"]]
        values = " / ".join(fmt(row.get(name)) for name in shown)
        lines.append(f"| {TASK_TITLES[row['task']]} | {row['label']} | {values} | {row['target']} | {verdict} |")
    lines.append("")
    lines.append(f"{report['arch']} agent, {report['cases']} cases, {report['clock']} clock. "
                 f"{report['note']} Pass is judged on all the cases run ({' + '.join(shown)}) together.")
    for task, splits in report["tasks"].items():
        left_out = splits["all"]["cases"] - splits["all"]["scored"] - splits["all"]["errors"]
        if left_out:
            lines.append(f"{TASK_TITLES[task].rstrip('*†')}: {left_out} of {splits['all']['cases']} cases left "
                         "out (the agent was not speaking when the user cut in).")
        if splits["all"]["errors"]:
            lines.append(f"{TASK_TITLES[task].rstrip('*†')}: {splits['all']['errors']} cases failed to run.")
    lines.append("*not an FDB task: the user says \"mm-hmm\"/\"yeah\" or coughs over the agent's reply; "
                 "TOR = 1 when the agent went silent > 0.6 s within 1.5 s (target is chinwag's own).")
    lines.append("†not an FDB task: the pause-handling cases with the words before the pause synthesized "
                 "as a sentence of their own (a finished sentence's falling pitch) rather than cut from "
                 "the whole sentence, so only the words tell that the caller is not done.")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------- runner
class _UntilAgentSpeaks:
    """Frame source and sink of the dry run: plays the question and stops once the agent has spoken
    for ``sustain_ms`` without a break, starting no earlier than ``not_before_s`` (a blip of a
    reply cancelled in a pause of the question is not the reply)."""

    def __init__(self, audio: np.ndarray, not_before_s: float, sustain_ms: float = 300.0) -> None:
        self._frames = split_frames(audio, Stream.USER)
        self._not_before = int(not_before_s * 1000 / FRAME_MS)
        self._sustain = int(sustain_ms / FRAME_MS)
        self._run_start: int | None = None
        self.first_agent_frame: int | None = None

    async def next_frame(self, index: int) -> Frame | None:
        if self.first_agent_frame is not None or index >= len(self._frames):
            return None
        return self._frames[index]

    def __call__(self, user: Frame, agent: Frame) -> None:
        if is_silent(agent) or agent.index < self._not_before:
            self._run_start = None
            return
        if self._run_start is None:
            self._run_start = agent.index
        if agent.index - self._run_start + 1 >= self._sustain:
            self.first_agent_frame = self._run_start


def _quiet(agent: Any) -> Any:
    if hasattr(agent, "turn") and hasattr(agent.turn, "greet"):
        agent.turn.greet = False  # cases start with the user; a greeting would talk over them
    return agent


class _CaseRunner:
    """Runs one case on a fresh agent: render the caller, play it, score the stereo recording."""

    def __init__(self, arch: str, pool: Any, clock: str, default_delay_s: float, transcribe: fdb.Transcribe,
                 probabilities: fdb.SpeechProbabilities, recordings_dir: str | Path | None) -> None:
        from chinwag.agents.factory import build_agent

        self._new_agent = lambda: _quiet(build_agent(arch, pool))
        self.fast = clock == "virtual"
        self.default_delay_s = default_delay_s
        self.transcribe, self.probabilities = transcribe, probabilities
        self.recordings_dir = Path(recordings_dir) if recordings_dir is not None else None

    def reply_delay_s(self, case: DuplexCase) -> float:
        """When the agent starts replying to the question, from a dry run on the virtual clock.

        The caller's recording is fixed in advance, so a cut-in "1.2 s after the agent starts" must
        know when that is; the virtual clock makes the dry run repeat the real run exactly.
        """
        question = render_question(case, cache_dir=duplex_cache_dir())
        probe = _UntilAgentSpeaks(question.samples, not_before_s=question.marks["question_end_s"] - 0.1)
        session = Session(self._new_agent(), VirtualClock())
        session.add_sink(probe)
        asyncio.run(session.run(probe))
        if probe.first_agent_frame is None:
            return self.default_delay_s
        start_s = probe.first_agent_frame * FRAME_MS / 1000
        extra = 0.0 if self.fast else REAL_CLOCK_COMPUTE_ALLOWANCE_S
        return round(max(0.0, start_s - question.marks["question_end_s"]) + extra, 2)

    def run(self, case: DuplexCase) -> dict[str, Any]:
        from chinwag.conversation import run_conversation

        entry: dict[str, Any] = {"id": case.id, "task": case.task, "split": case.split, "voice": case.voice}
        delay = self.reply_delay_s(case) if case.task in CUT_IN_TASKS else self.default_delay_s
        recording = cached_render(case, delay)
        audio = LoadedAudio(recording.samples, SAMPLE_RATE_HZ, 1)
        t0 = time.perf_counter()
        result = asyncio.run(run_conversation(self._new_agent(), audio, fast=self.fast))
        if self.recordings_dir is not None:
            write_wav(self.recordings_dir / f"{case.id}.wav", result.stereo)
        t1 = time.perf_counter()
        entry.update(score_case(case, recording, result.stereo, self.transcribe, self.probabilities))
        entry["call_wall_s"], entry["score_wall_s"] = round(t1 - t0, 2), round(time.perf_counter() - t1, 2)
        entry["marks"] = recording.marks
        entry["agent_said"] = [text for _, who, text in result.transcript if who == "agent"]
        if case.task == "user_backchannel":  # did the agent give its reply up (a barge-in), not just pause?
            entry["reply_dropped"] = reply_dropped(result.events, recording.marks["onset_s"] * 1000.0)
        return entry


def reply_dropped(events: list[Event], onset_ms: float) -> int:
    """1 if the caller's acknowledgement stopped the agent for good: a barge-in after its onset, and the
    cut reply never taken up again (``kind="after acknowledgement"``) and played."""
    if not any(ev.kind is EventKind.BARGE_IN and ev.t_ms >= onset_ms - FRAME_MS for ev in events):
        return 0
    started = {ev.data.get("utterance_id") for ev in events if ev.kind is EventKind.UTTERANCE_STARTED}
    taken_up = any(ev.kind is EventKind.INTERRUPTION_RESUMED and ev.data.get("kind") == "after acknowledgement"
                   and ev.data.get("utterance_id") in started for ev in events)
    return int(not taken_up)


def run_duplex_bench(arch: str = "cascaded", cases_per_task: int = 30, split: str = "all",
                     clock: str = "virtual", config_path: str | Path | None = None,
                     console: Console | None = None, scenario_path: str | Path | None = None,
                     transcribe: fdb.Transcribe | None = None,
                     probabilities: fdb.SpeechProbabilities | None = None,
                     recordings_dir: str | Path | None = None,
                     tasks: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark (``tasks``: a subset of ``TASKS``, default all); ``recordings_dir`` keeps each
    case's stereo WAV (left user, right agent)."""
    from chinwag.agents.factory import ModelPool, check_architecture
    from chinwag.config import load_config

    check_architecture(arch)
    if clock not in ("virtual", "real"):
        raise ConfigError(f"clock must be 'virtual' or 'real', not '{clock}'")
    console = console or Console(stderr=True)
    t0 = time.perf_counter()
    unknown = sorted(set(tasks or ()) - set(TASKS))
    if unknown:
        raise ConfigError(f"unknown duplex task(s) {', '.join(unknown)}; choose from: {', '.join(TASKS)}")
    cases = [c for c in select_cases(load_cases(scenario_path), cases_per_task, split)
             if not tasks or c.task in tasks]
    config = load_config(config_path)
    console.print(f"duplex bench: {len(cases)} cases, {arch} agent, {clock} clock; loading models")
    runner = _CaseRunner(arch, ModelPool.load(config), clock, config.turn.end_of_turn_silence_ms / 1000,
                         transcribe or whisper_transcriber(), probabilities or silero_probabilities(),
                         recordings_dir)
    details: list[dict[str, Any]] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        bar = progress.add_task("cases", total=len(cases))
        for case in cases:
            progress.update(bar, description=f"{case.id} ({case.voice})")
            t_case = time.perf_counter()
            try:
                entry = runner.run(case)
            except Exception as exc:  # one broken case is reported, not fatal to the whole bench
                log.exception("duplex case %s failed", case.id)
                console.print(f"[red]{case.id} failed: {exc.__class__.__name__}: {exc}[/red]")
                entry = {"id": case.id, "task": case.task, "split": case.split, "voice": case.voice,
                         "error": f"{exc.__class__.__name__}: {exc}"}
            entry["wall_s"] = round(time.perf_counter() - t_case, 2)
            details.append(entry)
            progress.advance(bar)
    return make_report(arch, clock, details, time.perf_counter() - t0)


def make_report(arch: str, clock: str, details: list[dict[str, Any]], wall_s: float) -> dict[str, Any]:
    tasks: dict[str, dict[str, dict[str, Any]]] = {}
    for task in TASKS:
        mine = [d for d in details if d["task"] == task]
        if not mine:
            continue
        tasks[task] = {"all": summarize(task, mine)}
        for name in SPLITS:
            if any(d["split"] == name for d in mine):
                tasks[task][name] = summarize(task, [d for d in mine if d["split"] == name])
    return {"arch": arch, "clock": clock, "note": CLOCK_NOTE[clock], "cases": len(details),
            "wall_s": round(wall_s, 1), "machine_cores": _cores(), "horizon_s": HORIZON_S,
            "windows": fdb.WINDOWS, "tasks": tasks, "table": build_table(tasks), "details": details}


def _cores() -> int:
    import os

    return os.cpu_count() or 0

