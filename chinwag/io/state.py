"""What every connection handler of one server shares: the agent factory, the limits, the counters,
the records, and the list of live calls. Per-call state lives in ``LiveCall``, never here."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chinwag.agents.base import Agent
from chinwag.errors import ChinwagError
from chinwag.io.live_call import LiveCall, RecordWriter
from chinwag.io.metrics import ServerMetrics
from chinwag.io.protocol import ErrorCode, Limits, ProtocolViolation

log = logging.getLogger(__name__)

AgentFactory = Callable[[str], Agent]


@dataclass(frozen=True)
class ArchitectureInfo:
    name: str
    available: bool
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "available": self.available, "description": self.description}


@dataclass
class ServerState:
    agent_factory: AgentFactory
    token: str
    allowed_origins: tuple[str, ...]
    limits: Limits
    architectures: list[ArchitectureInfo]
    default_arch: str
    records: RecordWriter | None = None
    record_config: dict[str, Any] = field(default_factory=dict)  # stored with every session
    metrics: ServerMetrics = field(default_factory=ServerMetrics)
    calls: set[LiveCall] = field(default_factory=set)

    def check_architecture(self, arch: str) -> None:
        known = {a.name: a for a in self.architectures}
        if arch not in known:
            raise ProtocolViolation(
                ErrorCode.BAD_ARCHITECTURE,
                f"unknown architecture {arch!r}; choose one of: {', '.join(known)}",
            )
        if not known[arch].available:
            usable = ", ".join(a.name for a in self.architectures if a.available)
            raise ProtocolViolation(
                ErrorCode.BAD_ARCHITECTURE,
                f"the {arch!r} architecture is not available on this server; use {usable}",
            )

    async def build_agent(self, arch: str) -> Agent:
        """A fresh agent for one call, built off the event loop (it may wait for models to load)."""
        self.check_architecture(arch)
        try:
            return await asyncio.to_thread(self.agent_factory, arch)
        except ChinwagError as exc:
            self.metrics.error()
            raise ProtocolViolation(ErrorCode.AGENT_ERROR, str(exc)) from exc
        except Exception as exc:  # a bug, not a user error: log it whole, tell the client in one line
            log.exception("building a %s agent failed", arch)
            self.metrics.error()
            raise ProtocolViolation(ErrorCode.AGENT_ERROR,
                                    f"the {arch} agent could not be started ({exc.__class__.__name__}: "
                                    f"{exc}); see the server log") from exc

    def track(self, call: LiveCall) -> None:
        self.calls.add(call)

    def untrack(self, call: LiveCall) -> None:
        self.calls.discard(call)
