"""Who holds the floor, as an explicit state machine; every change becomes a FLOOR event."""

from __future__ import annotations

from enum import StrEnum


class Floor(StrEnum):
    SILENCE = "silence"
    USER = "user"
    AGENT = "agent"
    OVERLAP = "overlap"


class FloorTracker:
    def __init__(self) -> None:
        self.state = Floor.SILENCE

    def update(self, user_speaking: bool, agent_speaking: bool) -> Floor | None:
        """Returns the new state when it changed, else None."""
        if user_speaking and agent_speaking:
            new = Floor.OVERLAP
        elif user_speaking:
            new = Floor.USER
        elif agent_speaking:
            new = Floor.AGENT
        else:
            new = Floor.SILENCE
        if new is self.state:
            return None
        self.state = new
        return new

    def reset(self) -> None:
        self.state = Floor.SILENCE
