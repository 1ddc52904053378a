"""End to end through a real browser: headless Debian Chromium, driven by Playwright, whose microphone
is a caller recording (Chromium's fake capture device plays the WAV file). The page captures it with
its AudioWorklet, the server runs the call, and the page plays the agent back with its jitter buffer.

Needs /usr/bin/chromium (``apt-get install chromium``; never ``playwright install``) and espeak-ng.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from chinwag.agents.base import Agent
from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import write_wav
from chinwag.io.loopback import LoopbackAgent
from chinwag.io.server import BackgroundServer, create_app
from tests.speech_fixtures import espeak_available, piper

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
TOKEN = "browser-token"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
FIRST = "I would like to book a table for two people tonight."
SECOND = "Sorry, please make that four people."

playwright_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("Debian chromium is not installed (apt-get install chromium)", allow_module_level=True)
if not espeak_available():
    pytest.skip("espeak-ng is not installed", allow_module_level=True)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE_HZ), dtype=np.float32)


@pytest.fixture(scope="module")
def caller_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The caller says FIRST, waits while the agent starts answering, then talks over it (SECOND)."""
    # Piper's voice: Whisper tiny hears espeak's "four" as "for"/"two" too often for a word check.
    first, second = piper(FIRST) * 0.8, piper(SECOND) * 0.8
    audio = np.concatenate([silence(1.0), first, silence(1.9), second, silence(6.0)])
    return write_wav(tmp_path_factory.mktemp("caller") / "caller.wav", audio)


def whisper_transcriber() -> Callable[[np.ndarray], str] | None:
    try:
        from chinwag.listen.whisper import WhisperRecognizer

        recognizer = WhisperRecognizer.tiny_en()
    except Exception:
        return None
    return lambda audio: recognizer.transcribe(audio).text


def launch(p: Any, caller: Path) -> Any:
    return p.chromium.launch(
        executable_path=str(CHROMIUM), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream", f"--use-file-for-fake-audio-capture={caller}",
              "--autoplay-policy=no-user-gesture-required", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run"],
    )


def run_call(server: BackgroundServer, caller: Path, until: str, timeout_s: float,
             screenshot: Path | None = None) -> dict[str, Any]:
    """Open the page, press Start, wait until the JS condition ``until`` on ``window.chinwagStats``
    holds, and return the stats (and the browser console, for failures)."""
    console: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = launch(p, caller)
        try:
            page = browser.new_page()
            page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
            page.goto(f"{server.url}/?token={TOKEN}")
            page.wait_for_function("document.querySelector('#arch option') !== null")
            page.click("#start")
            try:
                page.wait_for_function(f"(() => {{ const s = window.chinwagStats; return {until}; }})()",
                                       timeout=timeout_s * 1000, polling=200)
            finally:
                stats: dict[str, Any] = page.evaluate("JSON.parse(JSON.stringify(window.chinwagStats))")
                stats["console"] = console
                if screenshot is not None:
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(screenshot), full_page=True)
            page.click("#start")  # Stop
            page.wait_for_function("window.chinwagStats.state === 'idle'", timeout=10_000)
            stats["final_state"] = page.evaluate("window.chinwagStats.state")
        finally:
            browser.close()
    return stats


@pytest.fixture(scope="module")
def loopback_server() -> Iterator[BackgroundServer]:
    transcribe = whisper_transcriber()

    def factory(arch: str) -> Agent:
        return LoopbackAgent(transcribe)

    with BackgroundServer(create_app(factory, TOKEN)) as srv:
        srv.transcribes = transcribe is not None  # type: ignore[attr-defined]
        yield srv


def test_caller_is_heard_answered_and_barge_in_stops_playback(loopback_server: BackgroundServer,
                                                             caller_wav: Path) -> None:
    stats = run_call(loopback_server, caller_wav,
                     until="s.flushesWhilePlaying >= 1 && s.userTexts.length >= 2",
                     timeout_s=40, screenshot=ARTIFACTS / "browser.png")
    assert stats["sessionId"], stats["console"]
    assert stats["sentChunks"] > 100  # the microphone (the caller file) streamed 20 ms chunks
    assert stats["receivedSamples"] > SAMPLE_RATE_HZ  # over a second of agent audio came back...
    assert stats["playedSamples"] > SAMPLE_RATE_HZ // 2  # ...and was played out
    assert stats["bargeIns"] >= 1 and stats["flushesWhilePlaying"] >= 1  # talking over it cut it off
    assert stats["flushedSamples"] > 0
    if loopback_server.transcribes:  # type: ignore[attr-defined]
        heard = " ".join(stats["userTexts"]).lower()
        assert "table" in heard and "people" in heard, stats["userTexts"]
    assert stats["final_state"] == "idle" and stats["lastError"] is None, stats["notices"]


def test_wrong_token_shows_a_clear_message(loopback_server: BackgroundServer, caller_wav: Path) -> None:
    with playwright_api.sync_playwright() as p:
        browser = launch(p, caller_wav)
        try:
            page = browser.new_page()
            page.goto(f"{loopback_server.url}/?token=not-the-token")
            page.wait_for_function("document.querySelector('#arch option') !== null")
            page.click("#start")
            page.wait_for_function("window.chinwagStats.closeCode === 4401", timeout=15_000)
            page.wait_for_function("window.chinwagStats.state === 'idle'", timeout=5_000)
            notice = page.inner_text("#notice")
        finally:
            browser.close()
    assert "token" in notice.lower()


def test_sample_caller_mode_streams_the_bundled_file(tmp_path: Path, caller_wav: Path) -> None:
    app = create_app(lambda arch: LoopbackAgent(), TOKEN, sample_caller_path=caller_wav)
    with BackgroundServer(app) as srv, playwright_api.sync_playwright() as p:
        browser = launch(p, tmp_path / "no-such-file.wav")  # the microphone is unused in this mode
        try:
            page = browser.new_page()
            page.goto(f"{srv.url}/?token={TOKEN}")
            page.wait_for_function("document.querySelector('#arch option') !== null")
            page.check("#sample-mode")
            page.click("#start")
            page.wait_for_function(
                "window.chinwagStats.agentUtterances >= 1 && window.chinwagStats.receivedSamples > 8000",
                timeout=30_000, polling=200)
            stats = page.evaluate("JSON.parse(JSON.stringify(window.chinwagStats))")
        finally:
            browser.close()
    assert stats["sentChunks"] > 50 and stats["userTexts"]


@pytest.mark.integration
def test_real_default_agent_in_the_browser(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same page with the real cascaded agent: the caller's words are recognised and the agent's
    spoken answer is played back."""
    from chinwag.config import load_config
    from chinwag.io.server import PooledAgentFactory

    factory = PooledAgentFactory(load_config(None))
    factory("cascaded")  # wait for the models, so a loading failure shows as itself
    # the caller lets the greeting finish, then asks; the test waits for the answer to finish too
    audio = np.concatenate([silence(6.0), piper(FIRST) * 0.8, silence(12.0)])
    caller = write_wav(tmp_path_factory.mktemp("real") / "caller.wav", audio)
    with BackgroundServer(create_app(factory, TOKEN)) as srv:
        stats = run_call(srv, caller, until="s.userTexts.length >= 1 && s.agentTexts.length >= 2",
                         timeout_s=60, screenshot=ARTIFACTS / "browser-cascaded.png")
    assert "table" in " ".join(stats["userTexts"]).lower(), stats["userTexts"]
    assert stats["agentUtterances"] >= 2 and stats["playedSamples"] > 2 * SAMPLE_RATE_HZ
    assert "voice_to_voice" in stats["latency"]  # the answer to the caller's turn was played
    assert stats["lastError"] is None, stats["notices"]
