"""When should the agent say "mm-hmm" while the user talks?

Where people do: in a pause after a clause, when the speaker is clearly not finished (low end-of-turn
probability), not mid-word, and not too often (Switchboard-like conversation has roughly one every
several seconds of the other's speech). The audio comes from a pre-synthesized bank, so it is instant.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BackchannelSettings:
    enabled: bool = True
    min_turn_speech_ms: float = 2500.0  # the user must have talked this long in the current turn
    min_gap_ms: float = 4500.0  # between two agent backchannels
    pause_ms: float = 220.0  # offered once per pause, when it reaches this length
    max_end_of_turn_probability: float = 0.25  # only when the user is clearly going on


@dataclass
class BackchannelState:
    last_ms: float = -1e9
    offered_this_pause: bool = False


class BackchannelPolicy:
    def __init__(self, settings: BackchannelSettings | None = None) -> None:
        self.settings = settings or BackchannelSettings()
        self.state = BackchannelState()

    def on_speech(self) -> None:
        self.state.offered_this_pause = False

    def should_backchannel(self, now_ms: float, turn_speech_ms: float, pause_ms: float,
                           end_of_turn_probability: float, answer_threshold: float = 1.0) -> bool:
        """``answer_threshold``: the end-of-turn probability at which the agent would answer. A
        backchannel needs the user clearly going on, so it stays below both that and
        ``max_end_of_turn_probability``; otherwise "mm-hmm" could come 20 ms before the answer (seen
        in session 10 with the language-model predictor, whose threshold is 0.11)."""
        cfg, st = self.settings, self.state
        if not cfg.enabled or st.offered_this_pause or pause_ms < cfg.pause_ms:
            return False
        st.offered_this_pause = True
        if turn_speech_ms < cfg.min_turn_speech_ms or now_ms - st.last_ms < cfg.min_gap_ms:
            return False
        p = end_of_turn_probability
        if p > cfg.max_end_of_turn_probability or p >= answer_threshold:
            return False
        st.last_ms = now_ms
        return True

    def reset(self) -> None:
        self.state = BackchannelState()
