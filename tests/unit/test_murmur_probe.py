"""The murmur probe's arithmetic and the agent's use of it over its own reply (``agents.overlap``),
with small fakes for the recogniser and the probe's weights."""

from __future__ import annotations

import numpy as np
import pytest

from chinwag.agents.cascaded import CascadedAgent
from chinwag.agents.floor_parts import FloorParts, TurnSettings
from chinwag.agents.reply import ReplyParts, ReplySettings
from chinwag.agents.user_speech import UserSpeechTracker
from chinwag.conversation import run_conversation
from chinwag.errors import ConfigError
from chinwag.events import EventKind
from chinwag.floor.backchannel import BackchannelSettings
from chinwag.floor.end_of_turn import VadSilenceBaseline
from chinwag.floor.interruption import turns_after_murmur
from chinwag.floor.logistic import StandardisedLogistic
from chinwag.floor.murmur_probe import MurmurProbe, burst_onset_sample, onset_vector
from chinwag.listen.incremental import IncrementalTranscriber
from chinwag.listen.segmenter import SpeechSegmenter
from chinwag.listen.types import EncoderStates
from chinwag.think.flow import create_flow
from chinwag.think.guardrails import GuardrailPolicy
from chinwag.think.llm import NoLanguageModel
from tests.fakes.agent_parts import FakeEnergyVad, FakeRecognizer, FakeToneSynth
from tests.unit.test_agent_cascaded import agent_active_ms, caller


def _states(n: int = 100, audio_ms: float = 2000.0) -> EncoderStates:
    frames = np.arange(n, dtype=np.float32)[:, None] * np.ones((1, 3), dtype=np.float32)
    return EncoderStates(frames, audio_ms)


def _probe(bias: float = -50.0, threshold: float = 0.0) -> MurmurProbe:
    logistic = StandardisedLogistic(np.zeros(3), np.ones(3), np.array([1.0, 0.0, 0.0]), bias)
    return MurmurProbe("whisper-tiny.en", logistic, threshold)


def test_the_window_is_the_160_ms_after_the_onset() -> None:
    vector = onset_vector(_states(), 1000.0)  # frames 50..57
    assert vector is not None and np.allclose(vector, 53.5)
    assert _probe().read(_states(), 1000.0) == pytest.approx(3.5)


def test_no_reading_before_the_audio_holds_the_window() -> None:
    assert onset_vector(_states(audio_ms=1100.0), 1000.0) is None
    assert onset_vector(_states(n=55), 1000.0) is None
    assert _probe().read(_states(audio_ms=1100.0), 1000.0) is None
    assert not _probe().is_murmur(None)


def test_the_onset_is_placed_back_by_the_segmenters_wait() -> None:
    assert burst_onset_sample(16 * 320, 80.0) == 16 * 320 - 100 * 16  # 80 ms + the opening frame
    assert burst_onset_sample(100, 80.0) == 0


def test_probe_round_trips_through_json_and_checks_its_width() -> None:
    probe = MurmurProbe.from_json({**_probe(threshold=2.0).to_json(), "splits": ["dev"]})
    assert probe.threshold == 2.0 and probe.metadata == {"splits": ["dev"]}
    assert probe.is_murmur(2.5) and not probe.is_murmur(1.5)
    with pytest.raises(ConfigError, match="encoder states"):
        probe.logit(np.zeros(4))
    with pytest.raises(ConfigError, match="lacks"):
        MurmurProbe.from_json({"encoder": "x"})
    with pytest.raises(ConfigError, match="trained on"):
        MurmurProbe.from_json({**probe.to_json(), "window_ms": 320})


def test_the_shipped_probe_loads() -> None:
    probe = MurmurProbe.load()
    assert probe.encoder == "whisper-tiny.en" and probe.weights.shape == (384,)
    assert probe.metadata["train_splits"] and "held_out" not in probe.metadata["train_splits"]


@pytest.mark.parametrize(("text", "turn"), [("and make it", False), ("Mm-hmm, in memory", False),
                                            ("Hmm?", False),
                                            ("and wait", True), ("Can you", True), ("at seven", True)])
def test_only_words_that_say_turn_stop_a_hum_resumed_over(text: str, turn: bool) -> None:
    assert turns_after_murmur(text) is turn


class FakeMurmurRecognizer(FakeRecognizer):
    """FakeRecognizer with an encoder: every frame reads 1.0, so the fake probe's logit is its bias + 1."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__(texts)
        self.encoded: list[int] = []

    def encoder_states(self, audio: np.ndarray) -> EncoderStates:
        self.encoded.append(len(audio))
        n = -(-len(audio) // 320)
        return EncoderStates(np.ones((n, 3), dtype=np.float32), len(audio) / 16.0)


def _agent(texts: list[str], probe: MurmurProbe) -> tuple[CascadedAgent, FakeMurmurRecognizer]:
    recognizer = FakeMurmurRecognizer(texts)
    parts = ReplyParts(create_flow("restaurant"), NoLanguageModel(), FakeToneSynth(), GuardrailPolicy.load(),
                       ReplySettings(system_prompt="test"))
    floor = FloorParts(VadSilenceBaseline(500), None, TurnSettings(preempt_ms=200, max_end_of_turn_ms=500,
                                                                   greet=False),
                       backchannel=BackchannelSettings(enabled=False), murmur_probe=probe)
    agent = CascadedAgent(UserSpeechTracker(FakeEnergyVad(), SpeechSegmenter()),
                          lambda: IncrementalTranscriber(recognizer), parts, floor)
    return agent, recognizer


# Reply starts at ~2.5 s; a 0.7 s burst over it at 3.2 s that Whisper garbles ("and make it").
BURST = (("quiet", 0.5), ("talk", 1.5), ("quiet", 1.2), ("talk", 0.7), ("quiet", 6.0))


@pytest.mark.parametrize("bias", [5.0, -5.0])
async def test_a_hum_the_probe_hears_is_resumed_over_at_once(bias: float) -> None:
    agent, recognizer = _agent(["Tell me about the restaurant and the menu please.", "and make it", "unused"],
                               _probe(bias=bias))
    result = await run_conversation(agent, caller(*BURST), fast=True)
    assert len(recognizer.encoded) == 1  # once per burst
    resumed = [e for e in result.events if e.kind is EventKind.INTERRUPTION_RESUMED]
    active = agent_active_ms(result.stereo)
    if bias > 0:  # the probe says murmur: talking again within ~100 ms of the onset, over the hum
        assert resumed and EventKind.BARGE_IN not in [e.kind for e in result.events]
        assert resumed[0].data["sound"] is True and resumed[0].data["text"] == ""
        assert resumed[0].t_ms < 3200 + 150
        assert [t for t in active if 3400 <= t < 3800]
    else:  # not a murmur: the words decide, as before (three words that are not acknowledgements)
        assert not any(e.data.get("sound") for e in resumed)
        assert not [t for t in active if 3400 <= t < 3800]


async def test_a_turn_word_after_a_hum_stops_the_agent_again() -> None:
    agent, _ = _agent(["Tell me about the restaurant and the menu please.", "mm wait", "unused"],
                      _probe(bias=5.0))
    audio = caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 1.2), ("talk", 1.2), ("quiet", 6.0))
    result = await run_conversation(agent, audio, fast=True)
    kinds = [e.kind for e in result.events]
    first = next(e for e in result.events if e.kind is EventKind.INTERRUPTION_RESUMED)
    assert first.data["sound"] is True
    assert kinds.count(EventKind.INTERRUPTION_SUSPECTED) == 2  # paused again on "wait"
    assert EventKind.BARGE_IN in kinds
