"""Dialogue flows: the structure that keeps a small language model on task.

A tiny embedded model is fluent but drifts, so task agents (a restaurant front desk, say) get their
reliability from a flow: a small state machine that pulls slots out of the transcript, asks for what
is missing one question at a time, confirms, and returns a structured result. The language model is
only asked for small talk the flow cannot handle, under a short instruction, and the flow's next
question (``follow_up``) is spoken after it so the call stays on track.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from chinwag.errors import ConfigError


@dataclass
class FlowReply:
    text: str  # what to say now; may be empty when the language model should answer
    use_llm: bool = False  # small talk: ask the LLM with ``llm_instruction``, then say ``follow_up``
    llm_instruction: str = ""
    follow_up: str = ""  # the flow's next question, said after an LLM small-talk reply
    end_call: bool = False
    state: str = ""
    slots: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "use_llm": self.use_llm,
            "llm_instruction": self.llm_instruction,
            "follow_up": self.follow_up,
            "end_call": self.end_call,
            "state": self.state,
            "slots": dict(self.slots),
        }


class Flow(Protocol):
    """One conversation's task logic. Per-call state; ``reset`` starts a fresh call."""

    def greeting(self) -> str: ...

    def handle(self, user_text: str) -> FlowReply:
        """Take one final user transcript (ASR text, noisy) and decide what to say."""
        ...

    def result(self) -> dict[str, Any]:
        """Structured outcome: ``task``, ``status`` ("booked" | "incomplete" | "info_only" | ...),
        ``slots``, ``confirmed``, ``turns``. JSON-serialisable."""
        ...

    @property
    def state(self) -> str: ...

    def reset(self) -> None: ...


def _restaurant(**kwargs: Any) -> Flow:
    # Imported lazily: flows may grow heavier, and the registry should cost nothing to import.
    from chinwag.think.restaurant import RestaurantFlow

    return RestaurantFlow(**kwargs)


FLOWS: dict[str, Callable[..., Flow]] = {
    "restaurant": _restaurant,
}


def create_flow(name: str, **kwargs: Any) -> Flow:
    """Build a registered flow by name; keyword arguments go to its constructor (e.g. ``seed``)."""
    try:
        factory = FLOWS[name]
    except KeyError:
        known = ", ".join(sorted(FLOWS)) or "none"
        raise ConfigError(f"unknown dialogue flow '{name}'; choose one of: {known}") from None
    return factory(**kwargs)
