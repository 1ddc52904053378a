"""The live server with the real default agent (models from the installed packages): a caller's
speech over the WebSocket is recognised, answered out loud, and recorded."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.config import load_config
from chinwag.io.protocol import Limits
from chinwag.io.server import BackgroundServer, PooledAgentFactory, create_app
from chinwag.record.store import RecordStore
from tests.speech_fixtures import espeak_available, piper

pytestmark = pytest.mark.integration

TOKEN = "integration-token"


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordStore]:
    store = RecordStore(f"sqlite:///{tmp_path_factory.mktemp('records') / 'live.db'}")
    yield store
    store.close()


@pytest.fixture(scope="module")
def server(records: RecordStore) -> Iterator[BackgroundServer]:
    factory = PooledAgentFactory(load_config(None))
    factory("cascaded")  # wait for the models here, so a loading failure shows as itself
    app = create_app(factory, TOKEN, records=records, limits=Limits(max_buffered_ms=15_000))
    with BackgroundServer(app) as srv:
        yield srv


async def converse(server: BackgroundServer, audio: np.ndarray, wait_s: float) -> dict[str, Any]:
    """Send the caller's audio (at once; the server plays it in real time) and collect the replies."""
    messages: list[dict[str, Any]] = []
    agent_audio = bytearray()
    first_audio_s: float | None = None
    async with connect(f"{server.ws_url}/ws?token={TOKEN}") as ws:
        t0 = time.monotonic()
        pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()
        for i in range(0, len(pcm), 3200):
            await ws.send(pcm[i : i + 3200])
        try:
            async with asyncio.timeout(wait_s):
                async for m in ws:
                    if isinstance(m, bytes):
                        first_audio_s = first_audio_s or time.monotonic() - t0
                        agent_audio += m
                    else:
                        messages.append(json.loads(m))
        except TimeoutError:
            pass
        except ConnectionClosed:
            pass
        await ws.send('{"type": "session.stop"}')
    return {"messages": messages, "audio": bytes(agent_audio), "first_audio_s": first_audio_s}


@pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed")
async def test_real_agent_hears_answers_and_records(server: BackgroundServer, records: RecordStore) -> None:
    speech = piper("I would like to book a table for two people tonight.")
    audio = np.concatenate([np.zeros(SAMPLE_RATE_HZ // 2, np.float32), speech * 0.8,
                            np.zeros(SAMPLE_RATE_HZ * 8, np.float32)])
    result = await converse(server, audio, wait_s=len(audio) / SAMPLE_RATE_HZ + 8)
    msgs = result["messages"]
    assert msgs[0]["type"] == "session.started" and msgs[0]["architecture"] == "cascaded"
    events = [m for m in msgs if m["type"] == "event"]
    finals = [e["data"]["text"].lower() for e in events if e["kind"] == "transcript.final"]
    assert any("table" in f for f in finals), finals
    assert any(e["kind"] == "utterance.started" for e in events)
    kinds = [(e["kind"], e["t_ms"]) for e in events]
    assert len(result["audio"]) / 2 > SAMPLE_RATE_HZ // 2, kinds  # over half a second of agent speech
    latency = [e["data"]["ms"] for e in events
               if e["kind"] == "latency" and e["data"].get("stage") == "voice_to_voice"]
    assert latency, "the answer to the caller's turn never started playing"
    print(f"\nvoice_to_voice_ms={latency} first agent audio after {result['first_audio_s']:.2f} s")
    session_id = msgs[0]["session_id"]
    for _ in range(100):
        record = await asyncio.to_thread(records.get_session, session_id)
        if record.status != "running":
            break
        await asyncio.sleep(0.1)
    assert record.status == "completed"
    assert any(line.speaker == "user" and "table" in line.text.lower() for line in record.transcript)
