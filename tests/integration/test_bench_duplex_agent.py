"""The full-duplex benchmark end to end: one dev case per task through the real cascaded agent on the
virtual clock, scored with the real Whisper and Silero."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console

from chinwag.bench.duplex import format_duplex_table, run_duplex_bench
from chinwag.bench.duplex_scenarios import TASKS
from chinwag.bench.simulator import HORIZON_S
from tests.speech_fixtures import espeak_available

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    mp = pytest.MonkeyPatch()
    mp.setenv("CHINWAG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        return run_duplex_bench(cases_per_task=1, split="dev", console=Console(quiet=True))
    finally:
        mp.undo()


def test_every_task_is_run_and_scored(report: dict[str, Any]) -> None:
    assert [d["task"] for d in report["details"]] == list(TASKS)
    assert all("error" not in d for d in report["details"]), report["details"]
    assert report["clock"] == "virtual" and "zero" in report["note"]
    assert all(row["dev"] is not None or row["task"] == "backchannel" for row in report["table"])


def test_agent_answers_a_finished_question(report: dict[str, Any]) -> None:
    smooth = next(d for d in report["details"] if d["task"] == "smooth_turn_taking")
    assert smooth["tor"] == 1 and smooth["words"] > 3
    assert 0.0 <= smooth["latency_s"] < HORIZON_S


def test_interruption_lands_while_the_agent_speaks(report: dict[str, Any]) -> None:
    case = next(d for d in report["details"] if d["task"] == "user_interruption")
    assert case["applicable"], "the scripted interruption came when the agent was silent"
    assert case["stop_latency_s"] >= 0.0


def test_table_renders(report: dict[str, Any]) -> None:
    rows = [line for line in format_duplex_table(report).splitlines() if line.startswith("|")]
    assert len(rows) == len(report["table"]) + 2  # header, separator, one row per metric
