"""What the CLI commands do, as plain functions (the CLI only parses arguments)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from chinwag.audio.io import load_audio
from chinwag.conversation import ConversationResult, run_conversation
from chinwag.listen.types import Transcript

SAMPLE_CALLER = Path(__file__).parent / "data" / "sample_caller.wav"


def transcribe_file(path: str | Path, model: str = "whisper-tiny.en") -> Transcript:
    from chinwag.listen.file_transcribe import transcribe_audio
    from chinwag.listen.vad import SileroVad
    from chinwag.listen.whisper import WhisperRecognizer
    from chinwag.registry import get

    audio = load_audio(path)
    if Path(model).is_dir():
        recognizer = WhisperRecognizer.from_dir(model)
    else:
        recognizer = get("asr", model).load()()
    return transcribe_audio(audio.samples, recognizer, SileroVad())


def talk_file(input_path: str | Path, output: str | Path, events_path: str | Path | None, *, arch: str,
              fast: bool, config_path: str | Path | None, db_url: str | None,
              console: Console | None = None) -> ConversationResult:
    """Run a recorded caller through an agent, record everything, print where it went."""
    from chinwag.agents.factory import ModelPool, build_agent
    from chinwag.config import load_config
    from chinwag.record.store import RecordStore

    console = console or Console(stderr=True)
    audio = load_audio(input_path)
    for w in audio.warnings:
        console.print(f"[yellow]warning:[/] {w}")
    config = load_config(config_path)
    with console.status("loading models (VAD, recogniser, language model, voice)..."):
        pool = ModelPool.load(config)
    agent = build_agent(arch, pool)
    store = RecordStore(db_url or config.records.database_url)
    result: ConversationResult | None = None
    with Progress(TextColumn("[bold]talking[/]"), BarColumn(), TextColumn("{task.fields[t]}"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("call", total=1.0, t="")

        def on_progress(i: int, total: int) -> None:
            if i % 25 == 0:
                progress.update(task, completed=min(1.0, i / max(total, 1)), t=f"{i * 0.02:.1f}s")

        session_id = _new_session_id()
        store.start_session(session_id, arch, config.to_dict(), input_path=str(input_path))
        status = "error"
        try:
            result = asyncio.run(run_conversation(
                agent, audio, fast=fast, output=output, events_path=events_path,
                extra_sinks=[store.event_sink(session_id)], session_id=session_id, on_progress=on_progress,
            ))
            status = "completed"
        finally:
            store.end_session(session_id, status, result.result if result else {},
                              result.latency if result else {}, output_path=str(output))
            store.close()
    assert result is not None
    _print_summary(console, result, fast)
    return result


def _new_session_id() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def _print_summary(console: Console, result: ConversationResult, fast: bool) -> None:
    from rich.table import Table

    console.print(f"\n[bold]session {result.session_id}[/] ({result.duration_s:.1f} s of conversation)")
    for t_ms, speaker, text in result.transcript:
        colour = "cyan" if speaker == "user" else "green"
        console.print(f"  [{colour}]{t_ms / 1000:6.1f}s {speaker:>5}[/]: {text}")
    console.print(f"  result: {result.result}")
    table = Table(title="latency after the end of user speech (ms)" + (" [virtual clock]" if fast else ""))
    for col in ("stage", "p50", "p95", "n"):
        table.add_column(col)
    for stage, stats in result.latency.items():
        table.add_row(stage, f"{stats['p50_ms']:.0f}", f"{stats['p95_ms']:.0f}", str(stats["count"]))
    console.print(table)
    if result.late_ticks:
        console.print(f"[yellow]{result.late_ticks} ticks ran late (machine overloaded?)[/]")
    console.print(f"recording: [bold]{result.output_path}[/] (left = caller, right = agent)")
    if result.events_path:
        console.print(f"events:    [bold]{result.events_path}[/]")
    console.print(f"records:   chinwag sessions show {result.session_id}")
