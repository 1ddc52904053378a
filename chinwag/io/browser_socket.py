"""The browser WebSocket (``/ws``): PCM16 audio both ways, JSON control and events (protocol v1).

One ``BrowserConnection`` per socket: it checks every client message against the limits, feeds audio
into its ``LiveCall``, and sends the call's audio and events back through one ``Outbox``. A bad
message gets an error reply and the call goes on; only abuse (many bad messages in a short time) or a
failed handshake closes the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import numpy as np
from starlette.websockets import WebSocket, WebSocketState

from chinwag.audio.frames import float_to_pcm16
from chinwag.events import Event
from chinwag.io import protocol as p
from chinwag.io.live_call import LiveCall
from chinwag.io.state import ServerState
from chinwag.io.transport import Outbox, TokenBucket, origin_ok, token_ok

log = logging.getLogger(__name__)

VIOLATION_WINDOW_S = 60.0


async def refuse(ws: WebSocket, code: str, message: str, close_code: int) -> None:
    """Accepted-then-closed, so a browser sees the close code (a refused handshake shows only 1006)."""
    await ws.send_text(p.dumps(p.error_message(code, message)))
    await ws.close(close_code, reason=code)


async def check_handshake(ws: WebSocket, state: ServerState) -> bool:
    if not token_ok(ws.query_params.get("token"), state.token):
        await refuse(ws, p.ErrorCode.UNAUTHORIZED,
                     "wrong or missing token: open the URL the server printed (it ends in ?token=...)",
                     p.CLOSE_UNAUTHORIZED)
        return False
    if not origin_ok(ws.headers.get("origin"), ws.headers.get("host"), state.allowed_origins):
        await refuse(ws, p.ErrorCode.FORBIDDEN_ORIGIN,
                     f"pages from {ws.headers.get('origin')} may not connect; start the server with "
                     "--allow-origin for that site", p.CLOSE_FORBIDDEN_ORIGIN)
        return False
    return True


async def handle_browser_socket(ws: WebSocket, state: ServerState) -> None:
    await ws.accept()
    if await check_handshake(ws, state):
        await BrowserConnection(ws, state).serve()


class BrowserConnection:
    def __init__(self, ws: WebSocket, state: ServerState) -> None:
        self.ws = ws
        self.state = state
        self.limits = state.limits
        self.outbox = Outbox()
        self.bucket = TokenBucket(self.limits.messages_per_s, self.limits.burst_messages)
        # More than max_violations bad messages within a minute and the server hangs up.
        self.violations = TokenBucket(self.limits.max_violations / VIOLATION_WINDOW_S,
                                      self.limits.max_violations)
        self.call: LiveCall | None = None
        self.arch = state.default_arch
        self.sample_rate_hz = p.DEFAULT_SAMPLE_RATE_HZ
        self._told_no_session = False

    def send(self, message: dict[str, Any]) -> None:
        self.outbox.put_text(p.dumps(message))

    async def serve(self) -> None:
        writer = asyncio.create_task(self.outbox.run(self.ws))
        close_code: int | None = p.CLOSE_NORMAL
        try:
            query = self.ws.query_params
            try:
                if "sample_rate" in query:
                    self.sample_rate_hz = p.check_sample_rate(query["sample_rate"])
                await self.start_call(query.get("arch", self.state.default_arch), self.sample_rate_hz, {})
            except p.ProtocolViolation as v:
                self.send(p.error_message(v.code, v.message))
                close_code = p.CLOSE_BAD_REQUEST
                return
            close_code = await self.read_loop()
        finally:
            await self.end_call()
            self.outbox.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer, timeout=2.0)
            if close_code is not None and self.ws.application_state == WebSocketState.CONNECTED:
                with contextlib.suppress(Exception):
                    await self.ws.close(close_code)

    # -- the call ---------------------------------------------------------------------------------

    async def start_call(self, arch: str, sample_rate_hz: int, client_config: dict[str, Any]) -> None:
        agent = await self.state.build_agent(arch)
        config = {**self.state.record_config, "transport": "websocket", "sample_rate": sample_rate_hz,
                  "client_config": client_config}
        call = LiveCall(agent, input_rate_hz=sample_rate_hz, output_rate_hz=sample_rate_hz,
                        on_audio=self._send_audio, on_event=self._send_event, on_flush=self._flush,
                        on_end=lambda status, reason: self._ended(call, status, reason),
                        metrics=self.state.metrics, records=self.state.records, config=config,
                        max_buffered_ms=self.limits.max_buffered_ms)
        self.arch, self.sample_rate_hz, self.call = arch, sample_rate_hz, call
        self._told_no_session = False
        self.send(p.session_started(call.session_id, sample_rate_hz, call.architecture))
        self.state.track(call)
        await call.start()

    async def end_call(self) -> None:
        if self.call is not None:
            call, self.call = self.call, None
            await call.stop()

    def _send_audio(self, audio: np.ndarray) -> None:
        self.outbox.put_audio(float_to_pcm16(audio).astype("<i2").tobytes())

    def _send_event(self, event: Event) -> None:
        self.send(p.event_message(event))

    def _flush(self, event: Event) -> None:
        self.outbox.drop_audio()
        sent = self.call.audio_out.sent_samples if self.call is not None else 0
        self.send(p.playback_flush(sent, event))

    def _ended(self, call: LiveCall, status: str, reason: str) -> None:
        self.state.untrack(call)
        if status.startswith("error"):
            self.send(p.error_message(p.ErrorCode.AGENT_ERROR, f"the agent stopped: {reason}"))
        self.send(p.session_ended(call.session_id, status, reason))

    # -- reading ----------------------------------------------------------------------------------

    def _violation(self, code: str, message: str) -> bool:
        """Reply with an error; True when the client has misbehaved too often and must be dropped."""
        self.send(p.error_message(code, message))
        return not self.violations.allow()

    async def read_loop(self) -> int | None:
        """Returns the close code to send, or None when the client went away."""
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                return None
            if not self.bucket.allow():
                if self._violation(p.ErrorCode.RATE_LIMITED,
                                   f"more than {self.limits.messages_per_s:g} messages a second; message "
                                   "dropped (send audio in chunks of 20 ms or more)"):
                    return p.CLOSE_RATE_LIMITED
                continue
            data, text = message.get("bytes"), message.get("text")
            if data is not None:
                if not self._on_audio(data):
                    return p.CLOSE_TOO_MANY_VIOLATIONS
            elif text is not None:
                close_code = await self._on_text(text)
                if close_code is not None:
                    return close_code

    def _on_audio(self, data: bytes) -> bool:
        if len(data) > self.limits.max_binary_bytes:
            return not self._violation(p.ErrorCode.TOO_LARGE,
                                       f"binary message of {len(data)} bytes dropped; the limit is "
                                       f"{self.limits.max_binary_bytes} (send 20-100 ms chunks)")
        if len(data) % 2:
            return not self._violation(p.ErrorCode.BAD_AUDIO,
                                       "audio must be 16-bit PCM: an even number of bytes")
        if self.call is None or not self.call.running:
            if not self._told_no_session:
                self._told_no_session = True
                self.send(p.error_message(p.ErrorCode.NO_SESSION,
                                          'no session is running; send {"type": "session.start"} first'))
            return True
        self.call.push_pcm16(data)
        return True

    async def _on_text(self, text: str) -> int | None:
        size = len(text.encode())
        if size > self.limits.max_text_bytes:
            too_often = self._violation(p.ErrorCode.TOO_LARGE, f"text message of {size} bytes dropped; "
                                        f"the limit is {self.limits.max_text_bytes}")
            return p.CLOSE_TOO_MANY_VIOLATIONS if too_often else None
        try:
            control = p.parse_control(text)
            return await self._on_control(control)
        except p.ProtocolViolation as v:
            return p.CLOSE_TOO_MANY_VIOLATIONS if self._violation(v.code, v.message) else None

    async def _on_control(self, control: p.ControlMessage) -> int | None:
        fields = control.fields
        if control.type == "ping":
            self.send({"type": "pong", "v": p.PROTOCOL_VERSION, "t": fields.get("t")})
        elif control.type == "playback.position":
            if self.call is not None:
                self.call.played_samples = int(fields["played_samples"])
        elif control.type == "session.stop":
            await self.end_call()
            return p.CLOSE_NORMAL
        elif control.type == "session.start":
            arch = str(fields.get("arch", self.arch))
            self.state.check_architecture(arch)  # before ending the call that runs now
            await self.end_call()
            await self.start_call(arch, int(fields.get("sample_rate", self.sample_rate_hz)),
                                  dict(fields.get("config", {})))
        return None
