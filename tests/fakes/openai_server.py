"""A real HTTP server on 127.0.0.1 that speaks the OpenAI streaming chat protocol, for tests.

It streams a scripted reply as Server-Sent Events, and can be told to fail, hang or send malformed
lines, so the client's error paths are tested over a real socket rather than a mocked transport.
Every request it receives is recorded, so a test can check exactly what the client sent.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeReplyScript:
    """What the server does with the next requests. Change it between requests freely."""

    pieces: list[str] = field(default_factory=lambda: ["Hello", " there", "!"])
    fail_status: int | None = None  # answer with this HTTP status and ``fail_body``
    fail_body: str = '{"error": {"message": "model exploded"}}'
    hang_before_headers_s: float = 0.0  # accept the request, then say nothing
    hang_after_pieces: int | None = None  # stall (for ``hang_s``) after sending this many pieces
    hang_s: float = 0.0
    delay_between_pieces_s: float = 0.0  # a slow but steady server
    malformed_line: str | None = None  # sent after the first piece
    send_done: bool = True
    role_chunk: bool = True  # a first chunk with only {"role": "assistant"}, as OpenAI sends
    non_streaming: bool = False  # answer with one application/json object, ignoring "stream"
    honour_stop: bool = True  # cut the reply at the first stop sequence, like real servers


class FakeOpenAIServer:
    """``with FakeOpenAIServer() as server: OpenAIChatModel(server.base_url, "fake")``."""

    def __init__(self, script: FakeReplyScript | None = None) -> None:
        self.script = script or FakeReplyScript()
        self.requests: list[RecordedRequest] = []
        self._release = threading.Event()  # ends any hang at once when the server stops
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAIServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def release(self) -> None:
        """End every hang now (the hanging replies close without finishing)."""
        self._release.set()

    def stop(self) -> None:
        self._release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                server.requests.append(RecordedRequest("POST", self.path, dict(self.headers.items()), body))
                server._answer(self, body)

        return Handler

    def _reply_pieces(self, body: dict[str, Any]) -> list[str]:
        script = self.script
        pieces = list(script.pieces)
        stops = body.get("stop") or []
        if not (script.honour_stop and stops):
            return pieces
        text = "".join(pieces)
        cut = min((text.find(s) for s in stops if s in text), default=-1)
        if cut < 0:
            return pieces
        kept: list[str] = []
        used = 0
        for piece in pieces:
            if used + len(piece) >= cut:
                if cut > used:
                    kept.append(piece[: cut - used])
                break
            kept.append(piece)
            used += len(piece)
        return kept

    def _answer(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        script = self.script
        if handler.path.rstrip("/") != "/v1/chat/completions":
            self._send_plain(handler, 404, '{"error": {"message": "no such route"}}')
            return
        if script.hang_before_headers_s and self._release.wait(script.hang_before_headers_s):
            return
        if script.fail_status is not None:
            self._send_plain(handler, script.fail_status, script.fail_body)
            return
        pieces = self._reply_pieces(body)
        if script.non_streaming:
            reply = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(pieces)}}]}
            self._send_plain(handler, 200, json.dumps(reply))
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Cache-Control", "no-cache")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            if script.role_chunk:
                self._send_event(handler, {"role": "assistant"})
            for index, piece in enumerate(pieces):
                if script.hang_after_pieces == index and self._release.wait(script.hang_s):
                    return
                gap_s = script.delay_between_pieces_s if index else 0.0
                if gap_s and self._release.wait(gap_s):
                    return
                self._send_event(handler, {"content": piece})
                if index == 0 and script.malformed_line is not None:
                    handler.wfile.write(script.malformed_line.encode() + b"\n\n")
                    handler.wfile.flush()
            self._send_event(handler, {}, finish_reason="stop")
            if script.send_done:
                handler.wfile.write(b"data: [DONE]\n\n")
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up (cancelled); that is its right
        handler.close_connection = True

    @staticmethod
    def _send_event(
        handler: BaseHTTPRequestHandler, delta: dict[str, Any], finish_reason: str | None = None
    ) -> None:
        chunk = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "model": "fake",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        }
        handler.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
        handler.wfile.flush()

    @staticmethod
    def _send_plain(handler: BaseHTTPRequestHandler, status: int, text: str) -> None:
        data = text.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(data)
        handler.close_connection = True
