"""Cloud-telephony media streams (``/telephony``): the Twilio-style JSON over WebSocket format.

The provider sends ``connected``, ``start`` (with the ``streamSid``), ``media`` (base64 8 kHz μ-law,
usually 20 ms each), ``mark`` and ``stop``. We answer with ``media`` messages in the same encoding and
``clear`` when the caller barges in, which makes the provider drop the agent audio it has buffered.
Resampling between 8 kHz and the core's 16 kHz happens only here, at the edge.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import logging
from typing import Any

import numpy as np
from starlette.websockets import WebSocket, WebSocketState

from chinwag.audio import mulaw
from chinwag.events import Event
from chinwag.io.browser_socket import check_handshake
from chinwag.io.live_call import LiveCall
from chinwag.io.protocol import ProtocolViolation
from chinwag.io.state import ServerState
from chinwag.io.transport import Outbox, TokenBucket

log = logging.getLogger(__name__)

TELEPHONY_RATE_HZ = 8_000


async def handle_telephony_socket(ws: WebSocket, state: ServerState) -> None:
    await ws.accept()
    if await check_handshake(ws, state):
        await TelephonyConnection(ws, state).serve()


class TelephonyConnection:
    def __init__(self, ws: WebSocket, state: ServerState) -> None:
        self.ws = ws
        self.state = state
        self.outbox = Outbox()
        self.bucket = TokenBucket(state.limits.messages_per_s, state.limits.burst_messages)
        self.stream_sid: str | None = None
        self.call: LiveCall | None = None
        self.dropped = 0

    def send(self, message: dict[str, Any]) -> None:
        self.outbox.put_text(json.dumps(message))

    async def serve(self) -> None:
        writer = asyncio.create_task(self.outbox.run(self.ws))
        try:
            while True:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                text = message.get("text")
                if text is None or len(text) > 4 * self.state.limits.max_binary_bytes:
                    self.dropped += 1
                    continue
                if not self.bucket.allow():
                    self.dropped += 1
                    continue
                if not await self._on_message(text):
                    break
        finally:
            if self.dropped:
                log.warning("telephony stream %s: %d messages dropped", self.stream_sid, self.dropped)
            if self.call is not None:
                await self.call.stop()
            self.outbox.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer, timeout=2.0)
            if self.ws.application_state == WebSocketState.CONNECTED:
                with contextlib.suppress(Exception):
                    await self.ws.close(1000)

    async def _on_message(self, text: str) -> bool:
        """Handle one provider message; False ends the stream."""
        try:
            msg = json.loads(text)
        except json.JSONDecodeError:
            self.dropped += 1
            return True
        if not isinstance(msg, dict):
            self.dropped += 1
            return True
        event = msg.get("event")
        if event == "start":
            start = msg.get("start") or {}
            self.stream_sid = str(start.get("streamSid") or msg.get("streamSid") or "")
            params = start.get("customParameters") or {}
            arch = str(params.get("arch") or self.ws.query_params.get("arch") or self.state.default_arch)
            try:
                await self._start_call(arch)
            except ProtocolViolation as v:
                log.error("telephony stream %s cannot start: %s", self.stream_sid, v.message)
                return False
        elif event == "media" and self.call is not None:
            payload = (msg.get("media") or {}).get("payload")
            try:
                audio = mulaw.decode(base64.b64decode(payload or "", validate=True))
            except (binascii.Error, ValueError):
                self.dropped += 1
                return True
            self.call.push_audio(audio)
        elif event == "stop":
            return False
        # "connected", "mark", "dtmf" and unknown events need no answer
        return True

    async def _start_call(self, arch: str) -> None:
        agent = await self.state.build_agent(arch)
        config = {**self.state.record_config, "transport": "telephony", "sample_rate": TELEPHONY_RATE_HZ,
                  "stream_sid": self.stream_sid}
        call = LiveCall(agent, input_rate_hz=TELEPHONY_RATE_HZ, output_rate_hz=TELEPHONY_RATE_HZ,
                        on_audio=self._send_audio, on_event=lambda _e: None, on_flush=self._clear,
                        on_end=lambda _status, _reason: self.state.untrack(call),
                        metrics=self.state.metrics, records=self.state.records, config=config,
                        max_buffered_ms=self.state.limits.max_buffered_ms)
        self.call = call
        self.state.track(call)
        await call.start()

    def _send_audio(self, audio: np.ndarray) -> None:
        payload = base64.b64encode(mulaw.encode(audio)).decode("ascii")
        self.outbox.put_audio(json.dumps({"event": "media", "streamSid": self.stream_sid,
                                          "media": {"payload": payload}}))

    def _clear(self, _event: Event) -> None:
        self.outbox.drop_audio()
        self.send({"event": "clear", "streamSid": self.stream_sid})
