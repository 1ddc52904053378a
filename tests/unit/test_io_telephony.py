"""The Twilio-style media stream endpoint, through the real server with a loopback agent."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from chinwag.audio import mulaw
from chinwag.io.loopback import LoopbackAgent
from chinwag.io.protocol import Limits
from chinwag.io.server import BackgroundServer, create_app
from chinwag.record.store import RecordStore

TOKEN = "phone-token"
RATE = 8_000
SID = "MZ0123456789abcdef"


def burst(seconds: float, freq_hz: float = 440.0, amp: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amp * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def gap(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordStore]:
    store = RecordStore(f"sqlite:///{tmp_path_factory.mktemp('records') / 'phone.db'}")
    yield store
    store.close()


@pytest.fixture(scope="module")
def server(records: RecordStore) -> Iterator[BackgroundServer]:
    # a deep jitter buffer lets tests send a whole script at once; the server still plays it in real time
    app = create_app(lambda arch: LoopbackAgent(), TOKEN, records=records,
                     limits=Limits(max_buffered_ms=10_000))
    with BackgroundServer(app) as srv:
        yield srv


async def play_caller(ws: ClientConnection, audio: np.ndarray, pace_s: float = 0.0) -> None:
    """Send audio as a telephony provider does: 20 ms μ-law frames, base64 in JSON."""
    for i in range(0, len(audio), 160):
        payload = base64.b64encode(mulaw.encode(audio[i : i + 160])).decode()
        await ws.send(json.dumps({"event": "media", "streamSid": SID,
                                  "media": {"track": "inbound", "chunk": str(i // 160), "payload": payload}}))
        if pace_s:
            await asyncio.sleep(pace_s)


async def collect(ws: ClientConnection, into: list[dict[str, Any]]) -> None:
    try:
        async for m in ws:
            into.append(json.loads(m))
    except ConnectionClosed:
        pass


async def wait_until(pred: Any, timeout_s: float = 15.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not pred():  # noqa: ASYNC110 - polls what the reader task appends
            await asyncio.sleep(0.02)


def decoded_media(messages: list[dict[str, Any]]) -> np.ndarray:
    chunks = [mulaw.decode(base64.b64decode(m["media"]["payload"]))
              for m in messages if m["event"] == "media"]
    return np.concatenate(chunks) if chunks else np.zeros(0, np.float32)


Stream = tuple[ClientConnection, list[dict[str, Any]], "asyncio.Task[None]"]


async def start_stream(server: BackgroundServer) -> Stream:
    ws = await connect(f"{server.ws_url}/telephony?token={TOKEN}")
    await ws.send(json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"}))
    await ws.send(json.dumps({"event": "start", "sequenceNumber": "1", "streamSid": SID,
                              "start": {"streamSid": SID, "callSid": "CA1", "tracks": ["inbound"],
                                        "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000,
                                                        "channels": 1}}}))
    received: list[dict[str, Any]] = []
    return ws, received, asyncio.create_task(collect(ws, received))


async def test_media_round_trip_in_mulaw(server: BackgroundServer, records: RecordStore) -> None:
    ws, received, reader = await start_stream(server)
    await play_caller(ws, np.concatenate([burst(1.0), gap(1.0)]))
    await wait_until(lambda: len(decoded_media(received)) >= 7600)
    await asyncio.sleep(0.3)  # let the tail of the echo arrive
    assert all(m["streamSid"] == SID for m in received)
    echo = decoded_media(received)
    assert abs(len(echo) - RATE) <= 2 * 160
    spectrum = np.abs(np.fft.rfft(echo))
    assert abs(float(np.fft.rfftfreq(len(echo), 1 / RATE)[np.argmax(spectrum)]) - 440) < 5
    assert abs(float(np.sqrt(np.mean(echo**2))) - 0.3 / np.sqrt(2)) < 0.03
    await ws.send(json.dumps({"event": "stop", "streamSid": SID}))
    await reader
    await wait_until(lambda: any(s.status == "completed" for s in records.list_sessions()))
    session = records.list_sessions()[0]
    assert session.status == "completed" and session.event_count > 3


async def test_barge_in_sends_clear(server: BackgroundServer) -> None:
    ws, received, reader = await start_stream(server)
    # 1.5 s of speech, a pause, then the caller talks over the echo
    await play_caller(ws, np.concatenate([burst(1.5), gap(1.1), burst(0.8, 660), gap(0.6)]))
    await wait_until(lambda: any(m["event"] == "clear" for m in received))
    clear_at = next(i for i, m in enumerate(received) if m["event"] == "clear")
    assert received[clear_at] == {"event": "clear", "streamSid": SID}
    played = decoded_media(received[:clear_at])
    assert 0 < len(played) < 1.5 * RATE  # the echo was cut short
    await ws.close()
    await reader


async def test_wrong_token_is_refused(server: BackgroundServer) -> None:
    ws = await connect(f"{server.ws_url}/telephony?token=nope")
    with pytest.raises(ConnectionClosed):
        while True:
            await ws.recv()
    assert ws.close_code == 4401


async def test_garbage_is_ignored_and_the_stream_goes_on(server: BackgroundServer) -> None:
    ws, received, reader = await start_stream(server)
    await ws.send("not json")
    await ws.send(json.dumps({"event": "media", "media": {"payload": "!!!not base64!!!"}}))
    await ws.send(json.dumps({"event": "mark", "mark": {"name": "x"}}))
    await play_caller(ws, np.concatenate([burst(0.6), gap(1.0)]))
    await wait_until(lambda: len(decoded_media(received)) > 0)
    await ws.close()
    await reader
