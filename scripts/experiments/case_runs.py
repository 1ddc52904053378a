"""Run one duplex-bench case as ``chinwag bench duplex`` does (cascaded agent, virtual clock), for the
experiment scripts beside this file (``cut_in_trace.py``, ``gate_readings.py``). They import it as
``from case_runs import CaseRuns`` (Python puts a script's own folder first on its path)."""

from __future__ import annotations

import asyncio
from typing import Any

from chinwag.agents.factory import ModelPool, build_agent
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import LoadedAudio
from chinwag.bench.duplex import CUT_IN_TASKS, _CaseRunner, _quiet
from chinwag.bench.duplex_scenarios import DuplexCase
from chinwag.bench.simulator import cached_render
from chinwag.config import load_config
from chinwag.conversation import run_conversation


class CaseRuns:
    """The default config's models, loaded once; ``run`` renders a case (cached) and runs the agent on it."""

    def __init__(self) -> None:
        config = load_config(None)
        self.pool = ModelPool.load(config)
        self._runner = _CaseRunner("cascaded", self.pool, "virtual", config.turn.end_of_turn_silence_ms / 1000,
                                   lambda *_: None, lambda *_: None, None)  # type: ignore[arg-type]

    def run(self, case: DuplexCase) -> tuple[Any, Any]:
        """The caller's recording (with its marks) and the conversation's result, with the reply delay
        the bench renders this task with."""
        runner = self._runner
        delay = runner.reply_delay_s(case) if case.task in CUT_IN_TASKS else runner.default_delay_s
        recording = cached_render(case, delay)
        audio = LoadedAudio(recording.samples, SAMPLE_RATE_HZ, 1)
        result = asyncio.run(run_conversation(_quiet(build_agent("cascaded", self.pool)), audio, fast=True))
        return recording, result
