"""OpenAIChatModel against a real local HTTP server speaking the streaming chat protocol."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest

from chinwag.errors import ModelError
from chinwag.think.llm import ChatMessage, stream_tokens
from chinwag.think.openai_chat import OpenAIChatModel, chat_completions_url
from tests.fakes.openai_server import FakeOpenAIServer

MESSAGES = [ChatMessage("system", "You are a front desk."), ChatMessage("user", "When do you open?")]


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as fake:
        yield fake


def make_model(server: FakeOpenAIServer, **kw: object) -> OpenAIChatModel:
    kw.setdefault("api_key", "test-key")
    return OpenAIChatModel(server.base_url, "fake-model", **kw)  # type: ignore[arg-type]


def test_streams_the_scripted_pieces_in_order(server: FakeOpenAIServer) -> None:
    server.script.pieces = ["We open", " at noon", " every day."]
    pieces = list(make_model(server).stream_chat(MESSAGES))
    assert pieces == ["We open", " at noon", " every day."]


def test_sends_messages_options_and_key(server: FakeOpenAIServer) -> None:
    list(make_model(server).stream_chat(MESSAGES, max_tokens=17, temperature=0.1, stop=["\n"]))
    [request] = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == "Bearer test-key"
    assert request.body == {
        "model": "fake-model",
        "messages": [
            {"role": "system", "content": "You are a front desk."},
            {"role": "user", "content": "When do you open?"},
        ],
        "stream": True,
        "max_tokens": 17,
        "temperature": 0.1,
        "stop": ["\n"],
    }


def test_api_key_comes_from_the_environment(
    server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("CHINWAG_LLM_API_KEY", "from-env")
    list(OpenAIChatModel(server.base_url, "fake-model").stream_chat(MESSAGES))
    assert server.requests[-1].headers["Authorization"] == "Bearer from-env"


def test_no_key_sends_no_authorization(server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("CHINWAG_LLM_API_KEY", raising=False)
    list(OpenAIChatModel(server.base_url, "fake-model").stream_chat(MESSAGES))
    assert "Authorization" not in server.requests[-1].headers


def test_stop_sequence_is_honoured_by_the_server(server: FakeOpenAIServer) -> None:
    server.script.pieces = ["Yes.", " We also", " do takeaway."]
    text = "".join(make_model(server).stream_chat(MESSAGES, stop=[" We"]))
    assert text == "Yes."


def test_non_streaming_json_reply_is_accepted(server: FakeOpenAIServer) -> None:
    server.script.non_streaming = True
    server.script.pieces = ["All", " at once."]
    assert list(make_model(server).stream_chat(MESSAGES)) == ["All at once."]


def test_stream_without_done_still_ends(server: FakeOpenAIServer) -> None:
    server.script.send_done = False
    assert "".join(make_model(server).stream_chat(MESSAGES)) == "Hello there!"


def test_http_error_names_status_and_body(server: FakeOpenAIServer) -> None:
    server.script.fail_status = 500
    with pytest.raises(ModelError) as info:
        list(make_model(server).stream_chat(MESSAGES))
    assert "HTTP 500" in str(info.value)
    assert "model exploded" in str(info.value)


def test_unauthorised_says_which_variable_to_set(server: FakeOpenAIServer) -> None:
    server.script.fail_status = 401
    server.script.fail_body = '{"error": {"message": "bad key"}}'
    with pytest.raises(ModelError, match="CHINWAG_LLM_API_KEY"):
        list(make_model(server).stream_chat(MESSAGES))


def test_wrong_path_gives_404_hint(server: FakeOpenAIServer) -> None:
    model = OpenAIChatModel(f"http://127.0.0.1:{server.port}/wrong", "fake-model", api_key="k")
    with pytest.raises(ModelError, match=r"HTTP 404.*check llm.base_url"):
        list(model.stream_chat(MESSAGES))


def test_connection_refused_is_explained() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    model = OpenAIChatModel(f"http://127.0.0.1:{port}", "m", api_key="k", timeout_s=5)
    with pytest.raises(ModelError, match=r"could not connect.*is it running"):
        list(model.stream_chat(MESSAGES))


def test_first_byte_timeout(server: FakeOpenAIServer) -> None:
    server.script.hang_before_headers_s = 30
    model = make_model(server, timeout_s=5, first_byte_timeout_s=0.3)
    with pytest.raises(ModelError, match=r"no reply .* within 0.3 s"):
        list(model.stream_chat(MESSAGES))


def test_stall_mid_reply_times_out(server: FakeOpenAIServer) -> None:
    server.script.hang_after_pieces = 1
    server.script.hang_s = 30
    model = make_model(server, timeout_s=5, first_byte_timeout_s=0.3)
    received: list[str] = []
    with pytest.raises(ModelError, match="stalled mid-reply"):
        for piece in model.stream_chat(MESSAGES):
            received.append(piece)
    assert received == ["Hello"]


def test_total_timeout_bounds_a_slow_reply(server: FakeOpenAIServer) -> None:
    # Each gap is shorter than the per-chunk timeout, but together they exceed the total.
    server.script.pieces = ["a"] * 20
    server.script.delay_between_pieces_s = 0.1
    model = make_model(server, timeout_s=0.5, first_byte_timeout_s=0.5)
    received: list[str] = []
    with pytest.raises(ModelError, match=r"took longer than 0.5 s \(llm.timeout_s\)"):
        for piece in model.stream_chat(MESSAGES):
            received.append(piece)
    assert 0 < len(received) < 20


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("data: {not json", "data is not JSON"),
        ("data: [1, 2]", "not a JSON object"),
        ('data: {"id": "x"}', "no 'choices' list"),
        ("<html>oops</html>", "not a Server-Sent Events line"),
    ],
)
def test_malformed_lines_are_reported(server: FakeOpenAIServer, line: str, why: str) -> None:
    server.script.malformed_line = line
    with pytest.raises(ModelError, match="malformed stream line") as info:
        list(make_model(server).stream_chat(MESSAGES))
    assert why in str(info.value)


def test_error_object_mid_stream_is_raised(server: FakeOpenAIServer) -> None:
    server.script.malformed_line = 'data: {"error": {"message": "context length exceeded"}}'
    with pytest.raises(ModelError, match="context length exceeded"):
        list(make_model(server).stream_chat(MESSAGES))


def test_comments_and_event_fields_are_ignored(server: FakeOpenAIServer) -> None:
    server.script.malformed_line = ": keep-alive"
    assert "".join(make_model(server).stream_chat(MESSAGES)) == "Hello there!"


async def test_async_bridge_cancels_mid_reply(server: FakeOpenAIServer) -> None:
    server.script.pieces = ["one", " two", " three"]
    server.script.hang_after_pieces = 1
    server.script.hang_s = 30
    model = make_model(server, timeout_s=60)
    got: list[str] = []
    first_piece = asyncio.Event()

    async def consume() -> None:
        async for piece in stream_tokens(model, MESSAGES):
            got.append(piece)
            first_piece.set()

    task = asyncio.create_task(consume())
    await first_piece.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert got == ["one"]
    # The worker thread is stuck in a socket read until the server lets go; then it must end.
    [worker] = [t for t in threading.enumerate() if t.name == f"llm-{model.name}"]
    server.release()
    await asyncio.to_thread(worker.join, 10)
    assert not worker.is_alive()


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("http://localhost:8080", "http://localhost:8080/v1/chat/completions"),
        ("http://localhost:11434/v1/", "http://localhost:11434/v1/chat/completions"),
        ("https://api.example.com/v1/chat/completions", "https://api.example.com/v1/chat/completions"),
        ("https://host/api/openai", "https://host/api/openai/chat/completions"),
    ],
)
def test_base_url_forms(base: str, url: str) -> None:
    assert chat_completions_url(base) == url


def test_bad_base_url_is_rejected() -> None:
    with pytest.raises(ModelError, match="http"):
        OpenAIChatModel("localhost:8080", "m")


def test_local_capability_follows_the_host() -> None:
    assert OpenAIChatModel("http://127.0.0.1:1", "m", api_key="k").capabilities.local
    assert not OpenAIChatModel("https://api.example.com/v1", "m", api_key="k").capabilities.local
