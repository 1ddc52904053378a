"""The conversation clock, injected everywhere time is read.

``RealClock`` paces a live call by the wall clock. ``VirtualClock`` jumps straight to the next
deadline, so a ten-minute conversation replays in seconds and gives the same result every run. No
component calls ``time`` directly: they all hold a ``Clock``.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    def now_ms(self) -> float:
        """Milliseconds since the conversation started."""
        ...

    async def sleep_until(self, t_ms: float) -> None: ...

    @property
    def is_virtual(self) -> bool: ...


class RealClock:
    def __init__(self) -> None:
        self._t0 = time.monotonic()

    def now_ms(self) -> float:
        return (time.monotonic() - self._t0) * 1000.0

    async def sleep_until(self, t_ms: float) -> None:
        delay_s = (t_ms - self.now_ms()) / 1000.0
        if delay_s > 0:
            await asyncio.sleep(delay_s)

    @property
    def is_virtual(self) -> bool:
        return False


class VirtualClock:
    """Time advances only when someone sleeps; compute takes zero virtual time."""

    def __init__(self) -> None:
        self._now_ms = 0.0

    def now_ms(self) -> float:
        return self._now_ms

    async def sleep_until(self, t_ms: float) -> None:
        if t_ms > self._now_ms:
            self._now_ms = t_ms
        await asyncio.sleep(0)

    @property
    def is_virtual(self) -> bool:
        return True
