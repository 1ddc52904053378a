"""A caller's "mm-hmm", a murmured "mhm" or a cough over the agent's reply does not cost the agent its
reply: real VAD, Whisper and agent on the virtual clock, callers from the duplex benchmark's cases.

The agent pauses on the onset (acoustic evidence first), then resumes where it stopped and finishes
the reply; it never cancels it as if the caller had taken the floor.
"""

from __future__ import annotations

import asyncio

import pytest

from chinwag.agents.factory import ModelPool
from chinwag.audio.io import LoadedAudio
from chinwag.bench import duplex
from chinwag.bench.duplex_scenarios import load_cases
from chinwag.bench.simulator import cached_render
from chinwag.config import load_config
from chinwag.conversation import run_conversation
from chinwag.events import EventKind
from tests.speech_fixtures import espeak_available

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed"),
]

# dev "mm-hmm" and cough (Piper voice), and a fresh "mhm" that Whisper hears as "and make them"
# (it cancelled the reply before words the recogniser is unsure of counted as a possible murmur)
CASES = ("user_backchannel-dev-003", "user_backchannel-dev-012", "user_backchannel-fresh-001")


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> duplex._CaseRunner:
    mp = pytest.MonkeyPatch()
    mp.setenv("CHINWAG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    pool = ModelPool.load(load_config(None))
    yield duplex._CaseRunner("cascaded", pool, "virtual", 0.5, lambda a: [], lambda a: [], None)
    mp.undo()


@pytest.mark.parametrize("case_id", CASES)
def test_the_reply_survives_a_backchannel_or_a_cough(runner: duplex._CaseRunner, case_id: str) -> None:
    case = {c.id: c for c in load_cases()}[case_id]
    recording = cached_render(case, runner.reply_delay_s(case))
    result = asyncio.run(run_conversation(runner._new_agent(), LoadedAudio(recording.samples, 16000, 1),
                                          fast=True))
    onset_ms = recording.marks["onset_s"] * 1000.0
    after = [e for e in result.events if e.t_ms >= onset_ms - 20.0]
    kinds = [e.kind for e in after]
    assert EventKind.BARGE_IN not in kinds, [(e.kind.value, e.data) for e in after][:12]
    finished = [e.data["utterance_id"] for e in result.events if e.kind is EventKind.UTTERANCE_FINISHED]
    assert "turn-1" in finished  # the reply to the question was played to its end
    if EventKind.INTERRUPTION_SUSPECTED in kinds:  # it paused on the onset, so it must have resumed
        assert EventKind.INTERRUPTION_RESUMED in kinds
