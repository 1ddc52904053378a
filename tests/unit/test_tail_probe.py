"""The tail probe's arithmetic and the agent's use of it (``agents.turn_gate``), with small fakes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pytest

from chinwag.agents.floor_parts import TurnSettings
from chinwag.agents.turn_gate import hold_cap, hold_reading, read_tail, tail_holds
from chinwag.errors import ConfigError
from chinwag.floor.hold_model import HoldCues, HoldModel
from chinwag.floor.logistic import StandardisedLogistic
from chinwag.floor.tail_probe import TailProbe, pooled_vector, tail_vector
from chinwag.listen.types import EncoderStates, Transcript


def _states(n: int = 100, audio_ms: float = 1500.0) -> EncoderStates:
    frames = np.arange(n, dtype=np.float32)[:, None] * np.ones((1, 3), dtype=np.float32)
    return EncoderStates(frames, audio_ms)


def test_the_tail_is_the_200_ms_after_the_speech_end() -> None:
    vector = tail_vector(_states(), 1000.0)  # frames 50..59
    assert vector is not None and np.allclose(vector, 54.5)


def test_no_tail_when_the_decode_stopped_too_soon_after_the_speech() -> None:
    assert tail_vector(_states(audio_ms=1050.0), 1000.0) is None
    assert tail_vector(_states(n=55), 1000.0) is None  # fewer frames than the tail needs
    assert tail_vector(_states(), 0.0) is None


def test_the_centred_pooling_takes_the_callers_own_mean_state_out_of_the_tail() -> None:
    vector = pooled_vector(_states(), 1000.0, "tail+centred")  # tail: frames 50..59; speech: 10..49
    assert vector is not None and vector.shape == (6,)
    assert np.allclose(vector[:3], 54.5) and np.allclose(vector[3:], 54.5 - 29.5)
    assert np.array_equal(pooled_vector(_states(), 1000.0, "tail"), tail_vector(_states(), 1000.0))
    assert pooled_vector(_states(audio_ms=1050.0), 1000.0, "tail+centred") is None
    with pytest.raises(ConfigError, match="pooling"):
        pooled_vector(_states(), 1000.0, "mean")


def test_a_probe_reads_with_the_pooling_it_was_trained_on() -> None:
    centred = TailProbe("whisper-tiny.en", StandardisedLogistic(np.zeros(6), np.ones(6), np.array(
        [0.0, 0.0, 0.0, 1.0, 0.0, 0.0]), -20.0), pooling="tail+centred")
    again = TailProbe.from_json(centred.to_json())
    assert again.pooling == "tail+centred" and again.read(_states(), 16000) == pytest.approx(5.0)
    old = {k: v for k, v in _probe().to_json().items() if k != "pooling"}  # written before session 18
    assert TailProbe.from_json(old).pooling == "tail"
    with pytest.raises(ConfigError, match="pools"):
        TailProbe.from_json({**_probe().to_json(), "pooling": "mean"})


def _probe(weights: tuple[float, ...] = (1.0, 0.0, 0.0)) -> TailProbe:
    return TailProbe("whisper-tiny.en", StandardisedLogistic(np.zeros(3), np.ones(3), np.array(weights), -50.0))


def test_probe_round_trips_through_json_and_checks_its_width() -> None:
    probe = TailProbe.from_json(_probe().to_json())
    assert probe.logit(np.array([54.5, 0.0, 0.0])) == pytest.approx(4.5)
    with pytest.raises(ConfigError, match="encoder states"):
        probe.logit(np.zeros(4))
    with pytest.raises(ConfigError, match="lacks"):
        TailProbe.from_json({"encoder": "x"})


def test_the_shipped_probe_loads() -> None:
    probe = TailProbe.load()
    width = {"tail": 384, "tail+centred": 768}[probe.pooling]
    assert probe.encoder == "whisper-tiny.en" and probe.weights.shape == (width,)


@dataclass
class FakeCompletion:
    """Stands in for the language model's completion scores (a dict of cached scores)."""

    scores: dict[str, float] = field(default_factory=dict)

    def cached(self, words: str) -> float | None:
        return self.scores.get(words)


def _floor(scores: dict[str, float] | None = None) -> SimpleNamespace:
    return SimpleNamespace(turn=TurnSettings(tail_hold_below=-1.5, tail_hold_max_ms=1800.0),
                           end_of_turn=SimpleNamespace(completion=FakeCompletion(scores or {})), hold_model=None)


@pytest.mark.parametrize(("logit", "words", "pause_ms", "held"), [
    (-3.0, "I'd like to cancel.", 400.0, True),  # sounded unfinished: hold
    (-3.0, "I'd like to cancel.", 1800.0, False),  # ... but not past tail_hold_max_ms
    (0.5, "I'd like to cancel.", 400.0, False),  # sounded finished
    (None, "I'd like to cancel.", 400.0, False),  # no reading (no probe, or no encoder states)
    (-3.0, "How do I find you?", 400.0, False),  # a complete question: its rise is not a hesitation
    (-3.0, "Could I book a table for", 400.0, True),  # a question's start the LM reads as unfinished
])
def test_the_agent_holds_on_speech_that_sounded_unfinished(logit: float | None, words: str, pause_ms: float,
                                                           held: bool) -> None:
    floor = _floor({"How do I find you?": 0.4, "Could I book a table for": 1e-4, "I'd like to cancel.": 0.3})
    spec = SimpleNamespace(tail_logit=logit, heard_probability=0.9, cut_in=False)
    assert tail_holds(floor, spec, words, True, pause_ms) is held  # type: ignore[arg-type]
    after_barge_in = SimpleNamespace(tail_logit=logit, heard_probability=0.9, cut_in=True)
    assert not tail_holds(floor, after_barge_in, words, True, pause_ms)  # type: ignore[arg-type]


def test_unsure_words_cap_the_hold_as_they_cap_the_predictor() -> None:
    floor = _floor()
    unsure = SimpleNamespace(tail_logit=-3.0, heard_probability=0.3, cut_in=False)  # garbled words: 1.5 s cap
    assert tail_holds(floor, unsure, "and then a", True, 1400.0)  # type: ignore[arg-type]
    assert not tail_holds(floor, unsure, "and then a", True, 1500.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(("heard_probability", "last_word", "cut_in", "cap"), [
    (0.9, 0.3, False, (3000.0, "cap")),  # a doubted last word alone shortens only a cut-in's cap
    (0.3, 0.9, False, (1500.0, "unsure words cap")),
    (0.9, 0.9, True, (1200.0, "cut-in cap")),
    (0.3, 0.9, True, (1200.0, "cut-in cap")),  # the shorter of the two
    (0.9, 0.66, True, (1000.0, "unsure cut-in cap")),  # a cut-in whose last word Whisper doubted
    (0.9, None, True, (1200.0, "cut-in cap")),
    (None, None, False, (3000.0, "cap")),
])
def test_the_silence_cap_is_shorter_for_unsure_words_and_for_a_caller_who_cut_in(
        heard_probability: float | None, last_word: float | None, cut_in: bool, cap: tuple[float, str]) -> None:
    floor = SimpleNamespace(turn=TurnSettings(cut_in_max_end_of_turn_ms=1200.0))
    spec = SimpleNamespace(heard_probability=heard_probability, cut_in=cut_in, last_word_probability=last_word)
    assert hold_cap(floor, spec) == cap  # type: ignore[arg-type]
    assert hold_cap(floor, None) == (3000.0, "cap")  # type: ignore[arg-type]


class FakeRecognizer:
    """Only the encoder: returns fixed states and counts the calls."""

    def __init__(self) -> None:
        self.calls = 0

    def encoder_states(self, audio: np.ndarray) -> EncoderStates:
        self.calls += 1
        return _states()


def test_a_reused_partial_with_a_short_tail_is_encoded_again() -> None:
    recognizer, probe = FakeRecognizer(), _probe()
    short = Transcript("I'd like a table for", encoder=_states(audio_ms=1020.0))
    logit = asyncio.run(read_tail(probe, recognizer, short, np.zeros(24000, np.float32), 16000))
    assert recognizer.calls == 1 and logit == pytest.approx(4.5)
    full = Transcript("I'd like a table for", encoder=_states())
    audio = np.zeros(24000, np.float32)
    assert asyncio.run(read_tail(probe, recognizer, full, audio, 16000)) == pytest.approx(4.5)
    assert recognizer.calls == 1  # the decode's own states were enough
    assert asyncio.run(read_tail(None, recognizer, full, None, 16000)) is None


def test_the_hold_reading_is_the_shipped_models_logit_and_none_where_it_cannot_read() -> None:
    model = HoldModel.load()
    prosody = {"pitch_slope_st_per_s": -5.0, "final_pitch_st": -2.0, "energy_drop_db": -6.0,
               "speaking_rate_hz": 4.0, "final_run_ms": 80.0}
    words = "I'd like a table for"
    floor = _floor({words: 0.001})
    floor.hold_model = model
    spec = SimpleNamespace(tail_logit=-6.0, heard_probability=0.8, cut_in=False, last_word_probability=0.4)
    reading = hold_reading(floor, spec, words, True, prosody)  # type: ignore[arg-type]
    assert reading == pytest.approx(model.read(HoldCues(-6.0, 0.8, 0.001, words, prosody, 0.4)))
    # the last word counts
    assert reading != pytest.approx(model.read(HoldCues(-6.0, 0.8, 0.001, words, prosody, 0.95)))
    assert reading is not None and reading < model.threshold  # this fragment is held
    # no reading without final words (no completion score), nor for a turn that cut the agent off
    assert hold_reading(floor, spec, words, False, prosody) is None  # type: ignore[arg-type]
    cut_in = SimpleNamespace(tail_logit=-6.0, heard_probability=0.8, cut_in=True, last_word_probability=0.4)
    assert hold_reading(floor, cut_in, words, True, prosody) is None  # type: ignore[arg-type]
    # ... unless asked for the log, where the reading surely_finished uses for cut-ins is wanted too
    assert hold_reading(floor, cut_in, words, True, prosody, cut_in_ok=True) == pytest.approx(reading)  # type: ignore[arg-type]
