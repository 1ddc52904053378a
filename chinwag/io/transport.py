"""Pieces every WebSocket transport needs: one writer per socket with a priority lane, a rate limiter,
and the token and Origin checks.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from starlette.websockets import WebSocket

log = logging.getLogger(__name__)


class Outbox:
    """Everything sent to one client goes through here and one writer task.

    Control messages (JSON) overtake queued audio, the way an interruption must overtake speech that
    was already on its way; ``drop_audio`` discards audio not yet written. ``put_*`` may be called
    from any thread (agents emit events from worker threads).
    """

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._control: deque[str] = deque()
        self._audio: deque[bytes | str] = deque()  # PCM frames, or JSON media messages
        self._wake = asyncio.Event()
        self._closing = False
        self.sent_audio_bytes = 0
        self.sent_messages = 0

    def _call(self, fn: Callable[[], None]) -> None:
        if threading.get_ident() == self._loop_thread:
            fn()
        else:
            self._loop.call_soon_threadsafe(fn)

    def put_text(self, text: str) -> None:
        def put() -> None:
            self._control.append(text)
            self._wake.set()

        self._call(put)

    def put_audio(self, data: bytes | str) -> None:
        def put() -> None:
            self._audio.append(data)
            self._wake.set()

        self._call(put)

    def drop_audio(self) -> None:
        self._call(self._audio.clear)

    def close(self) -> None:
        """Stop after writing what is queued."""

        def close() -> None:
            self._closing = True
            self._wake.set()

        self._call(close)

    async def run(self, ws: WebSocket) -> None:
        """The writer task; returns when closed, or when the client is gone."""
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._control or self._audio:
                    if self._control:
                        await ws.send_text(self._control.popleft())
                    else:
                        data = self._audio.popleft()
                        if isinstance(data, str):
                            await ws.send_text(data)
                        else:
                            await ws.send_bytes(data)
                            self.sent_audio_bytes += len(data)
                    self.sent_messages += 1
                if self._closing:
                    return
        except Exception as exc:  # the client hung up mid-write: the reader will see it too
            log.debug("writer stopped: %s", exc)


class TokenBucket:
    """``rate_per_s`` messages a second on average, bursts up to ``burst``."""

    def __init__(self, rate_per_s: float, burst: float, now_s: Callable[[], float] = time.monotonic) -> None:
        self.rate_per_s = rate_per_s
        self.burst = burst
        self._now_s = now_s
        self._tokens = burst
        self._last = now_s()

    def allow(self) -> bool:
        now = self._now_s()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate_per_s)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False


def token_ok(given: str | None, expected: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())


def origin_ok(origin: str | None, host: str | None, allowed_origins: Sequence[str]) -> bool:
    """No Origin header (a program, a telephony provider) is fine; a browser page must come from this
    server itself or from a listed origin, so another site cannot drive the microphone socket."""
    if origin is None:
        return True
    if "*" in allowed_origins or origin.rstrip("/") in {o.rstrip("/") for o in allowed_origins}:
        return True
    return host is not None and urlsplit(origin).netloc.lower() == host.lower()
