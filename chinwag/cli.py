"""`chinwag`: one command with subcommands. Heavy imports happen inside each command, so `--help`
is instant and a missing optional backend only matters to the command that needs it."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from chinwag.bench.caller_voices import SPLIT_VOICES  # light: the split names for --help
from chinwag.errors import ChinwagError, ConfigError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="chinwag: real-time, full-duplex voice conversation (cascaded, hybrid, s2s).")
sessions_app = typer.Typer(no_args_is_help=True, help="Browse recorded sessions.")
bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks (JSON out).")
app.add_typer(sessions_app, name="sessions")
app.add_typer(bench_app, name="bench")
console = Console(stderr=True)

ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="Agent config (TOML/YAML).")]
DbOpt = Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL for records (default: SQLite).")]


@app.command()
def talk(
    input: Annotated[Path, typer.Option("--input", "-i", help="The caller's recording (WAV/FLAC/OGG).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Stereo WAV: left user, right agent.")]
    = Path("conversation.wav"),
    events: Annotated[Path | None, typer.Option("--events", help="Event log (JSON lines).")] = None,
    arch: Annotated[str, typer.Option("--arch", help="cascaded | hybrid | s2s")] = "cascaded",
    fast: Annotated[bool, typer.Option("--fast", help="Virtual clock: repeatable, not real-time.")] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Stream a recording as the user's side of a live call and record the conversation."""
    from chinwag.runner import talk_file

    talk_file(input, output, events, arch=arch, fast=fast, config_path=config, db_url=db, console=console)


@app.command()
def demo(config: ConfigOpt = None, db: DbOpt = None,
         out_dir: Annotated[Path, typer.Option(help="Where to write the results.")] = Path("out")) -> None:
    """A whole conversation between the bundled sample caller and the default agent."""
    from chinwag.runner import SAMPLE_CALLER, talk_file

    out_dir.mkdir(parents=True, exist_ok=True)
    talk_file(SAMPLE_CALLER, out_dir / "conversation.wav", out_dir / "events.jsonl", arch="cascaded",
              fast=False, config_path=config, db_url=db, console=console)


@app.command()
def transcribe(
    file: Path,
    as_json: Annotated[bool, typer.Option("--json", help="Words with timings as JSON.")] = False,
    model: Annotated[str, typer.Option(help="whisper-tiny.en | whisper-base | a model directory")]
    = "whisper-tiny.en",
) -> None:
    """Print what the embedded recogniser hears in FILE."""
    from chinwag.runner import transcribe_file

    transcript = transcribe_file(file, model)
    if as_json:
        print(json.dumps(transcript.to_dict() | {"compute_ms": round(transcript.compute_ms, 1)}, indent=2))
    else:
        print(transcript.text)


@app.command()
def agents() -> None:
    """List architectures and backends, and whether each is installed."""
    from rich.table import Table

    from chinwag.agents.factory import ARCHITECTURES
    from chinwag.registry import all_backends

    out = Console()
    table = Table(title="architectures")
    table.add_column("name")
    table.add_column("status")
    table.add_column("what it is")
    for name, (available, description) in ARCHITECTURES.items():
        table.add_row(name, "[green]available[/]" if available else "[yellow]not yet[/]", description)
    out.print(table)
    table = Table(title="backends")
    for col in ("kind", "name", "installed", "what it is"):
        table.add_column(col)
    for spec in all_backends():
        ok = spec.installed()
        status = "[green]yes[/]" if ok else f"[red]no[/] (pip install 'chinwag[{spec.extra}]')"
        table.add_row(spec.kind, spec.name, status, spec.description)
    out.print(table)


@app.command()
def serve(
    arch: Annotated[str, typer.Option(help="Default architecture for new sessions.")] = "cascaded",
    host: str = "127.0.0.1",
    port: int = 8765,
    token: Annotated[str | None, typer.Option(help="Session token (generated if omitted).")] = None,
    config: ConfigOpt = None,
) -> None:
    """Serve the browser page and the WebSocket/telephony endpoints."""
    from chinwag.io.server import serve as run_server

    run_server(host=host, port=port, arch=arch, token=token, config_path=str(config) if config else None)


@sessions_app.command("list")
def sessions_list(db: DbOpt = None, limit: int = 20) -> None:
    """Recent sessions, newest first."""
    from chinwag.record.report import format_session_list
    from chinwag.record.store import RecordStore

    store = RecordStore(db)
    print(format_session_list(store.list_sessions(limit=limit)))
    store.close()


@sessions_app.command("show")
def sessions_show(session_id: str, db: DbOpt = None) -> None:
    """One session: transcript, result, latency."""
    from chinwag.record.report import format_session
    from chinwag.record.store import RecordStore

    store = RecordStore(db)
    print(format_session(store.get_session(session_id)))
    store.close()


def _emit_report(report: dict[str, object], json_out: Path | None) -> None:
    text = json.dumps(report, indent=2, default=str)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(text)
        console.print(f"wrote {json_out}")
    print(text)


JsonOpt = Annotated[Path | None, typer.Option("--json", help="Write the results here.")]


@bench_app.command("latency")
def bench_latency(
    arch: Annotated[str, typer.Option("--arch")] = "cascaded",
    json_out: JsonOpt = None,
    scenarios: Annotated[int, typer.Option(help="Caller scenarios to run (alternating dev/held-out voices).")] = 6,
    config: ConfigOpt = None,
    busy_cores: Annotated[int, typer.Option(help="Keep this many CPU cores busy beside the agent.")]
    = 0,
) -> None:
    """Per-stage latency p50/p95 over caller scenarios, on the real-time clock."""
    from chinwag.bench.latency import run_latency_bench
    from chinwag.bench.latency_table import format_latency_table

    report = run_latency_bench(arch=arch, n_scenarios=scenarios, config_path=config, console=console,
                               busy_cores=busy_cores)
    _emit_report(report, json_out)
    console.print(format_latency_table(report))


@bench_app.command("duplex")
def bench_duplex(
    arch: Annotated[str, typer.Option("--arch")] = "cascaded",
    json_out: JsonOpt = None,
    cases: Annotated[int, typer.Option(help="Cases per task.")] = 30,
    clock: Annotated[str, typer.Option(help="virtual (repeatable, compute takes no time) | real")] = "virtual",
    task: Annotated[list[str] | None, typer.Option(help="Only this task (repeatable); default: all.")] = None,
    split: Annotated[str, typer.Option(help=" | ".join(("all (dev + held-out)", *SPLIT_VOICES)))] = "all",
    config: ConfigOpt = None,
) -> None:
    """Full-Duplex-Bench-style turn-taking: pauses, backchannels, turn-taking, interruptions, stop latency."""
    from chinwag.bench.duplex import format_duplex_table, run_duplex_bench

    report = run_duplex_bench(arch=arch, cases_per_task=cases, clock=clock, config_path=config, console=console,
                              tasks=task or None, split=split)
    _emit_report(report, json_out)
    console.print(format_duplex_table(report))


@bench_app.command("asr")
def bench_asr(json_out: JsonOpt = None) -> None:
    """Recogniser WER and time per utterance: full 30 s window vs reduced window, dev and held-out voices."""
    from chinwag.bench.asr_bench import run_asr_bench

    _emit_report(run_asr_bench(), json_out)


@bench_app.command("tts")
def bench_tts(json_out: JsonOpt = None) -> None:
    """Time to first audio, clause by clause vs whole sentence; ONNX thread settings."""
    from chinwag.bench.tts_bench import run_tts_bench

    _emit_report(run_tts_bench(), json_out)


@bench_app.command("llm")
def bench_llm(json_out: JsonOpt = None, threads: int = 1) -> None:
    """Embedded LLM: load time, first token cold vs cached prefix, tokens/s."""
    from chinwag.think.llm_bench import run_llm_bench

    _emit_report(run_llm_bench(n_threads=threads), json_out)


@bench_app.command("eot")
def bench_eot(
    json_out: JsonOpt = None, seed: int = 0,
    words: Annotated[str, typer.Option(help="script (as trained) | whisper (what Whisper hears) | "
                                        "whisper-base (Whisper base's words, tiny's probe)")] = "script",
    asr_lag_ms: Annotated[str | None, typer.Option(
        help="LOW,HIGH: final words arrive this many ms after the speech (default: the data's 150,450)")] = None,
) -> None:
    """End of turn: dead air at <= 5 % false cut-offs, model vs VAD-silence baselines, held-out data."""
    from chinwag.bench.eot_bench import run_eot_bench

    _emit_report(run_eot_bench(seed=seed, hearing=words, asr_lag_ms=_lag_range(asr_lag_ms)), json_out)


def _lag_range(text: str | None) -> tuple[float, float] | None:
    from chinwag.bench.eot_bench import checked_lag_range

    if text is None:
        return None
    try:
        low, high = (float(v) for v in text.split(","))
        return checked_lag_range((low, high))
    except ValueError as exc:
        raise ConfigError(f"--asr-lag-ms wants LOW,HIGH in ms with 0 <= LOW <= HIGH (e.g. 150,300); "
                          f"got {text!r} ({exc})") from None


@bench_app.command("echo")
def bench_echo(json_out: JsonOpt = None, seed: int = 0) -> None:
    """Echo cancellation + reference gate: ERLE, self-interruptions, barge-in detection under echo."""
    from chinwag.bench.echo_bench import run_echo_bench

    _emit_report(run_echo_bench(seed=seed), json_out)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except ChinwagError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)
