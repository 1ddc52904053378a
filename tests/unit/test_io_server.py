"""The browser WebSocket protocol against the real server (uvicorn on port 0) with a loopback agent.

Audio here is tone bursts: the loopback agent's energy detector hears them as speech, repeats them
after a pause and stops when talked over, which exercises every path of the protocol in a few
seconds of real time.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from chinwag.audio.io import write_wav
from chinwag.io.loopback import LoopbackAgent
from chinwag.io.protocol import Limits
from chinwag.io.server import BackgroundServer, create_app
from chinwag.record.store import RecordStore

TOKEN = "test-token"


def burst(seconds: float, freq_hz: float = 440.0, rate_hz: int = 16_000, amp: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate_hz)) / rate_hz
    return (amp * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def gap(seconds: float, rate_hz: int = 16_000) -> np.ndarray:
    return np.zeros(int(seconds * rate_hz), dtype=np.float32)


def pcm16(audio: np.ndarray) -> bytes:
    return (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()


def dominant_hz(pcm: bytes, rate_hz: int) -> float:
    audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    spectrum = np.abs(np.fft.rfft(audio))
    return float(np.fft.rfftfreq(len(audio), 1 / rate_hz)[np.argmax(spectrum)])


class Client:
    """Collects everything the server sends, so tests can wait for a message by predicate."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.messages: list[dict[str, Any]] = []
        self.audio = bytearray()
        self.audio_before: list[int] = []  # audio bytes received when each JSON message arrived
        self.closed = asyncio.Event()
        self._new = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for m in self.ws:
                if isinstance(m, bytes):
                    self.audio += m
                else:
                    self.messages.append(json.loads(m))
                    self.audio_before.append(len(self.audio))
                self._new.set()
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            self._new.set()

    async def wait_for(self, pred: Callable[[dict[str, Any]], bool],
                       timeout_s: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            for m in self.messages:
                if pred(m):
                    return m
            if self.closed.is_set():
                raise AssertionError(f"connection closed ({self.ws.close_code}) before the message; got "
                                     f"{[m.get('type') for m in self.messages]}")
            self._new.clear()
            try:
                await asyncio.wait_for(self._new.wait(), max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                raise AssertionError(f"no matching message; got {self.messages[-5:]}") from None

    def events(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m.get("type") == "event" and m["kind"] == kind]

    async def send_audio(self, audio: np.ndarray, rate_hz: int = 16_000, chunk_ms: int = 100) -> None:
        step = rate_hz * chunk_ms // 1000
        for i in range(0, len(audio), step):
            await self.ws.send(pcm16(audio[i : i + step]))

    async def close(self) -> None:
        await self.ws.close()
        await self._reader


def of_type(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda m: m.get("type") == kind


def event_of(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda m: m.get("type") == "event" and m.get("kind") == kind


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordStore]:
    store = RecordStore(f"sqlite:///{tmp_path_factory.mktemp('records') / 'chinwag.db'}")
    yield store
    store.close()


@pytest.fixture(scope="module")
def caller_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_wav(tmp_path_factory.mktemp("caller") / "caller.wav", np.concatenate([burst(0.5), gap(0.5)]))


@pytest.fixture(scope="module")
def server(records: RecordStore, caller_wav: Path) -> Iterator[BackgroundServer]:
    # a deep jitter buffer lets tests send a whole script at once; the server still plays it in real time
    app = create_app(lambda arch: LoopbackAgent(), TOKEN, records=records,
                     limits=Limits(max_buffered_ms=10_000), sample_caller_path=caller_wav)
    with BackgroundServer(app) as srv:
        yield srv


async def open_client(server: BackgroundServer, query: str = f"token={TOKEN}", **kwargs: Any) -> Client:
    return Client(await connect(f"{server.ws_url}/ws?{query}", **kwargs))


def http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


async def test_session_started_comes_first_and_speech_is_echoed(server: BackgroundServer) -> None:
    client = await open_client(server)
    started = await client.wait_for(lambda m: True)
    assert started["type"] == "session.started" and started["v"] == 1
    assert started["sample_rate"] == 16_000 and started["architecture"] == "loopback"
    await client.send_audio(np.concatenate([burst(1.0), gap(1.5)]))
    await client.wait_for(event_of("utterance.finished"))
    echoed = np.frombuffer(bytes(client.audio), dtype="<i2").astype(np.float32) / 32768
    assert abs(len(echoed) - 16_000) <= 2 * 320  # the one-second burst came back, give or take a frame
    assert abs(float(np.sqrt(np.mean(echoed**2))) - 0.3 / np.sqrt(2)) < 0.02
    assert abs(dominant_hz(bytes(client.audio), 16_000) - 440) < 5
    for kind in ("speech.started", "transcript.final", "utterance.started", "latency"):
        assert client.events(kind), f"no {kind} event reached the client"
    await client.close()
    status, body = http_get(server.url + "/metrics")
    assert status == 200 and b"chinwag_voice_to_voice_ms_count" in body
    lines = body.decode().splitlines()
    count = next(line for line in lines if line.startswith("chinwag_voice_to_voice_ms_count"))
    assert int(count.split()[1]) >= 1


async def test_barge_in_flushes_the_agent_audio_mid_utterance(server: BackgroundServer) -> None:
    client = await open_client(server)
    # speak 1.5 s, pause (the echo starts at ~2.2 s and would last 1.5 s), then talk over it at 2.6 s
    await client.send_audio(np.concatenate([burst(1.5), gap(1.1), burst(0.8, 660), gap(1.0)]))
    flush = await client.wait_for(of_type("playback.flush"))
    assert flush["reason"] in ("barge_in", "utterance.truncated")
    # the flush overtakes queued events (priority lane): wait for the truncation event itself
    await client.wait_for(lambda m: m.get("type") == "event" and m.get("kind") == "utterance.truncated")
    assert client.events("barge_in") and client.events("utterance.truncated")
    at_flush = client.audio_before[client.messages.index(flush)]
    assert 0 < at_flush < 1.5 * 16_000 * 2  # some of the echo was sent, not all of it
    truncated = client.events("utterance.truncated")[0]["data"]
    assert 0 < truncated["played_ms"] < 1500
    await client.close()


async def test_wrong_or_missing_token_is_refused_with_4401(server: BackgroundServer) -> None:
    for query in ("token=wrong", ""):
        client = await open_client(server, query)
        await client.closed.wait()
        assert client.messages[0]["type"] == "error" and client.messages[0]["code"] == "unauthorized"
        assert client.ws.close_code == 4401


async def test_foreign_origin_is_refused_and_same_host_allowed(server: BackgroundServer) -> None:
    client = await open_client(server, origin="http://evil.example")
    await client.closed.wait()
    assert client.messages[0]["code"] == "forbidden_origin" and client.ws.close_code == 4403
    same = await open_client(server, origin=server.url)
    assert (await same.wait_for(lambda m: True))["type"] == "session.started"
    await same.close()


async def test_bad_messages_get_errors_and_the_session_goes_on(server: BackgroundServer) -> None:
    client = await open_client(server)
    await client.wait_for(of_type("session.started"))
    await client.ws.send("this is not json")
    await client.ws.send('{"type": "session.explode"}')
    await client.ws.send(b"\x00" * (70 * 1024))  # over the 64 KiB binary limit
    await client.ws.send(json.dumps({"type": "ping", "pad": "x" * 9000}))  # over the 8 KiB text limit
    await client.ws.send(b"\x01\x02\x03")  # odd byte count: not PCM16
    await client.ws.send('{"type": "session.start", "sample_rate": 96000}')
    await client.ws.send('{"type": "session.start", "arch": "hybrid"}')
    await client.ws.send('{"type": "ping", "t": 42}')
    pong = await client.wait_for(of_type("pong"))
    assert pong["t"] == 42
    codes = [m["code"] for m in client.messages if m["type"] == "error"]
    assert codes == ["malformed_message", "unknown_type", "message_too_large", "message_too_large",
                     "bad_audio", "bad_sample_rate", "bad_architecture"]
    assert all(m["message"] for m in client.messages if m["type"] == "error")
    assert len([m for m in client.messages if m["type"] == "session.started"]) == 1  # same session
    await client.close()


async def test_bad_sample_rate_or_architecture_in_the_url_refuses_the_session(
        server: BackgroundServer) -> None:
    for query, code in ((f"token={TOKEN}&sample_rate=4000", "bad_sample_rate"),
                        (f"token={TOKEN}&arch=s2s", "bad_architecture"),
                        (f"token={TOKEN}&arch=nonsense", "bad_architecture")):
        client = await open_client(server, query)
        await client.closed.wait()
        assert client.messages[0]["code"] == code and client.ws.close_code == 4400


async def test_session_start_restarts_at_the_clients_sample_rate(server: BackgroundServer) -> None:
    client = await open_client(server)
    first = await client.wait_for(of_type("session.started"))
    await client.ws.send('{"type": "session.start", "sample_rate": 48000}')
    ended = await client.wait_for(of_type("session.ended"))
    assert ended["session_id"] == first["session_id"] and ended["status"] == "completed"
    second = await client.wait_for(lambda m: m.get("type") == "session.started" and m is not first)
    assert second["sample_rate"] == 48_000 and second["session_id"] != first["session_id"]
    client.audio.clear()
    await client.send_audio(np.concatenate([burst(1.0, 1000, 48_000), gap(1.2, 48_000)]), 48_000)
    await client.wait_for(event_of("utterance.finished"))
    assert abs(len(client.audio) / 2 - 48_000) <= 3 * 960  # one second of 48 kHz audio back
    assert abs(dominant_hz(bytes(client.audio), 48_000) - 1000) < 5
    await client.close()


async def test_session_stop_ends_the_record_and_closes_normally(server: BackgroundServer,
                                                                records: RecordStore) -> None:
    client = await open_client(server)
    started = await client.wait_for(of_type("session.started"))
    await client.ws.send('{"type": "session.stop"}')
    ended = await client.wait_for(of_type("session.ended"))
    await client.closed.wait()
    assert ended["status"] == "completed" and client.ws.close_code == 1000
    record = await wait_for_record_end(records, started["session_id"])
    assert record.status == "completed" and record.config["transport"] == "websocket"


async def wait_for_record_end(records: RecordStore, session_id: str, timeout_s: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        record = await asyncio.to_thread(records.get_session, session_id)
        if record.status != "running" or time.monotonic() > deadline:
            return record
        await asyncio.sleep(0.1)


async def test_abrupt_disconnect_mid_utterance_still_completes_the_record(server: BackgroundServer,
                                                                          records: RecordStore) -> None:
    client = await open_client(server)
    started = await client.wait_for(of_type("session.started"))
    await client.send_audio(burst(1.0))  # the user is mid-sentence...
    await client.wait_for(event_of("speech.started"))
    client.ws.transport.abort()  # ...when the connection drops, with no close handshake
    record = await wait_for_record_end(records, started["session_id"])
    assert record.status == "completed"
    kinds = [e.kind for e in record.events]
    assert kinds[0] == "session.started" and kinds[-1] == "session.ended"
    assert "speech.started" in kinds
    status, body = http_get(server.url + "/healthz")
    assert status == 200 and json.loads(body)["ok"] is True


async def test_two_clients_talk_at_once_each_to_their_own_agent(server: BackgroundServer) -> None:
    a, b = await open_client(server), await open_client(server)
    sa, sb = await a.wait_for(of_type("session.started")), await b.wait_for(of_type("session.started"))
    assert sa["session_id"] != sb["session_id"]
    health = json.loads(http_get(server.url + "/healthz")[1])
    assert health["sessions"] >= 2
    await asyncio.gather(a.send_audio(np.concatenate([burst(1.0, 440), gap(1.2)])),
                         b.send_audio(np.concatenate([burst(1.0, 880), gap(1.2)])))
    finished = event_of("utterance.finished")
    await asyncio.gather(a.wait_for(finished), b.wait_for(finished))
    assert abs(dominant_hz(bytes(a.audio), 16_000) - 440) < 5
    assert abs(dominant_hz(bytes(b.audio), 16_000) - 880) < 5
    await asyncio.gather(a.close(), b.close())


async def test_flooding_client_is_rate_limited_then_dropped() -> None:
    app = create_app(lambda arch: LoopbackAgent(), TOKEN,
                     limits=Limits(messages_per_s=20, burst_messages=10, max_violations=3))
    with BackgroundServer(app) as srv:
        client = await open_client(srv)
        await client.wait_for(of_type("session.started"))
        for _ in range(40):
            await client.ws.send('{"type": "ping"}')
        await client.closed.wait()
        assert "rate_limited" in [m.get("code") for m in client.messages]
        assert client.ws.close_code == 4429


def test_http_endpoints(server: BackgroundServer) -> None:
    status, body = http_get(server.url + "/")
    assert status == 200 and b"chinwag" in body and b"/static/app.js" in body
    for asset in ("app.js", "worklet.js", "player.js", "transcript.js", "style.css"):
        assert http_get(f"{server.url}/static/{asset}")[0] == 200
    archs = json.loads(http_get(server.url + "/api/architectures")[1])
    assert archs["default"] == "cascaded"
    assert {a["name"]: a["available"] for a in archs["architectures"]}["cascaded"] is True
    status, wav = http_get(server.url + "/api/sample-caller.wav")
    assert status == 200 and wav[:4] == b"RIFF"
    health = json.loads(http_get(server.url + "/healthz")[1])
    assert health["ok"] is True and isinstance(health["sessions"], int)
    status, text = http_get(server.url + "/metrics")
    assert status == 200 and b"# TYPE chinwag_sessions_total counter" in text


def test_missing_sample_caller_is_a_clear_404(tmp_path: Path) -> None:
    app = create_app(lambda arch: LoopbackAgent(), TOKEN, sample_caller_path=tmp_path / "none.wav")
    with BackgroundServer(app) as srv:
        status, body = http_get(srv.url + "/api/sample-caller.wav")
    assert status == 404 and b"no sample caller" in body


def test_an_agent_that_cannot_be_built_is_reported_not_dropped() -> None:
    def broken_factory(arch: str) -> LoopbackAgent:
        raise AttributeError("'TtsConfig' object has no attribute 'model_path'")

    async def attempt(srv: BackgroundServer) -> Client:
        client = await open_client(srv)
        await client.closed.wait()
        return client

    with BackgroundServer(create_app(broken_factory, TOKEN)) as srv:
        client = asyncio.run(attempt(srv))
        metrics = http_get(srv.url + "/metrics")[1].decode()
    assert client.messages[0]["code"] == "agent_error" and "model_path" in client.messages[0]["message"]
    assert client.ws.close_code == 4400
    assert "chinwag_errors_total 1\n" in metrics
