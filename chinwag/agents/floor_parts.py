"""The floor-control parts an agent composes: end of turn, interruptions, backchannels, floor state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chinwag.floor.backchannel import BackchannelPolicy, BackchannelSettings
from chinwag.floor.end_of_turn import TurnEndPolicy
from chinwag.floor.interruption import InterruptionJudge, InterruptionSettings
from chinwag.floor.state import FloorTracker
from chinwag.listen.prosody import ProsodyTracker


@dataclass
class TurnSettings:
    preempt_ms: float = 150.0  # silence after which a speculative reply starts (held, not played)
    min_end_of_turn_ms: float = 250.0  # the earliest the agent may answer
    max_end_of_turn_ms: float = 3000.0  # answer after this much silence whatever the predictor says
    # ... or after this much when the recogniser was unsure of the words (mean word probability below
    # ``unsure_word_probability``): the predictor's reading of garbled words is not worth the full wait.
    unsure_max_end_of_turn_ms: float = 1500.0
    unsure_word_probability: float = 0.5
    # ... and after this much for a turn that began by cutting the agent off: the caller has made a
    # bid, and a language-model veto on their (often garbled) words is not worth the full wait either.
    cut_in_max_end_of_turn_ms: float = 1500.0
    # ... and after this much when, besides, the recogniser doubted the cut-in's last word (its
    # probability below ``cut_in_unsure_last_word_probability``): the veto then rests on a word that is
    # probably not there ("... is that on the lunch menu as well?" heard as "... as we?"; session 22).
    cut_in_unsure_max_end_of_turn_ms: float = 1000.0
    cut_in_unsure_last_word_probability: float = 0.7
    min_turn_ms: float = 120.0  # shorter blips are ignored as noise
    # The tail probe (chinwag.floor.tail_probe) reads the speech as unfinished below this logit: the
    # agent then holds on until this much silence, unless the words are a question the language model
    # reads as complete (a question's rise sounds like a hesitation to it).
    tail_hold_below: float = -1.5
    tail_hold_max_ms: float = 1800.0
    # Below this hold-model logit the speech sounded surely unfinished: hold on until
    # ``long_hold_max_ms``, past ``tail_hold_max_ms`` and the unsure-words cap (the hesitations
    # last up to 2.5 s). None: no long hold.
    long_hold_below: float | None = -0.5
    long_hold_max_ms: float = 2600.0
    # Between the hold threshold and its ``answer_above`` the hold model is undecided: hold on until
    # this much silence (``turn_gate.undecided_holds``); at most ``tail_hold_max_ms`` and the caps.
    # ``min_end_of_turn_ms`` or less (the default): no such hold.
    undecided_hold_max_ms: float = 0.0
    merge_window_ms: float = 500.0  # caller speech this early in a reply withdraws it: one turn, went on
    greet: bool = True


@dataclass
class FloorParts:
    """Per-session floor state plus the shared end-of-turn predictor and backchannel bank."""

    end_of_turn: TurnEndPolicy
    backchannel_bank: Any | None = None  # chinwag.speak.backchannels.BackchannelBank
    turn: TurnSettings = field(default_factory=TurnSettings)
    interruption: InterruptionSettings = field(default_factory=InterruptionSettings)
    backchannel: BackchannelSettings = field(default_factory=BackchannelSettings)
    echo_canceller: Any | None = None  # chinwag.listen.echo.WebRtcEchoCanceller, per session
    tail_probe: Any | None = None  # chinwag.floor.tail_probe.TailProbe, shared
    hold_model: Any | None = None  # chinwag.floor.hold_model.HoldModel, shared
    murmur_probe: Any | None = None  # chinwag.floor.murmur_probe.MurmurProbe, shared

    def __post_init__(self) -> None:
        self.prosody = ProsodyTracker()
        self.judge = InterruptionJudge(self.interruption)
        self.backchannels = BackchannelPolicy(self.backchannel)
        self.floor = FloorTracker()
        self.echo_gate: Any | None = None
        if self.echo_canceller is not None:
            from chinwag.listen.echo_gate import EchoGate

            self.echo_gate = EchoGate()
