"""The embedded SmolLM2 model through llama.cpp: streaming, stop sequences, cancellation, errors."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import aclosing

import pytest

pytest.importorskip(
    "llama_cpp", reason="llama-cpp-python is not installed: pip install 'chinwag[llm]' (or scripts/setup.sh)"
)

from chinwag.config import load_config
from chinwag.errors import ModelError
from chinwag.think.llama import LlamaCppModel
from chinwag.think.llm import ChatMessage, stream_tokens

pytestmark = pytest.mark.integration

CONFIG = load_config()
SYSTEM = CONFIG.system_prompt


@pytest.fixture(scope="module")
def model() -> Iterator[LlamaCppModel]:
    llm = LlamaCppModel.smollm2(**CONFIG.llm.backend_kwargs())  # as the bundled agent runs it
    llm.warm_up(SYSTEM)
    yield llm
    llm.close()


class FakeCountingModel:
    """Wraps a model and counts the pieces it really produced, whoever consumed them."""

    def __init__(self, inner: LlamaCppModel) -> None:
        self.inner = inner
        self.name = "counting"
        self.capabilities = inner.capabilities
        self.produced = 0
        self.finished = threading.Event()

    def stream_chat(self, messages: list[ChatMessage], **kw: object) -> Iterator[str]:
        try:
            for piece in self.inner.stream_chat(messages, **kw):  # type: ignore[arg-type]
                self.produced += 1
                yield piece
        finally:
            self.finished.set()


def chat(user: str) -> list[ChatMessage]:
    return [ChatMessage("system", SYSTEM), ChatMessage("user", user)]


def counting_chat(up_to: int) -> list[ChatMessage]:
    """A prompt SmolLM2 answers the same way every time: "1, 2, 3, ..."."""
    return [
        ChatMessage("system", "You are a helpful assistant."),
        ChatMessage("user", f"Count from 1 to {up_to}, separated by commas."),
    ]


def test_streams_a_nonempty_reply(model: LlamaCppModel) -> None:
    pieces = list(model.stream_chat(chat("When are you open?"), max_tokens=32))
    assert len(pieces) > 1
    assert "".join(pieces).strip()
    assert "<|im_end|>" not in "".join(pieces)


def test_stop_sequence_cuts_the_reply(model: LlamaCppModel) -> None:
    messages = counting_chat(10)
    full = "".join(model.stream_chat(messages, max_tokens=40, temperature=0.0))
    assert ", 5" in full, f"the model did not count: {full!r}"
    stopped = "".join(model.stream_chat(messages, max_tokens=40, temperature=0.0, stop=[", 5"]))
    assert ", 5" not in stopped
    assert stopped.startswith("1, 2")
    assert full.startswith(stopped)


async def test_async_bridge_yields_pieces(model: LlamaCppModel) -> None:
    pieces = [p async for p in stream_tokens(model, chat("Can I book a table?"), max_tokens=16)]
    assert "".join(pieces).strip()


async def test_cancelling_the_bridge_stops_generation(model: LlamaCppModel) -> None:
    counting = FakeCountingModel(model)
    received = 0
    # aclosing: leaving an ``async for`` early does not close an async generator by itself.
    stream = stream_tokens(counting, counting_chat(300), max_tokens=400, temperature=0.0)
    async with aclosing(stream) as pieces:
        async for _ in pieces:
            received += 1
            if received == 3:
                break  # barge-in: the consumer walks away
    assert await asyncio.to_thread(counting.finished.wait, 60), "generation never stopped"
    # The worker may run a few tokens ahead of the consumer, never on to the 400-token limit.
    assert received == 3
    assert counting.produced < 50
    # The model is free again for the next turn.
    after = "".join(model.stream_chat(chat("Hello"), max_tokens=8))
    assert after.strip()


async def test_cancelling_the_consumer_task_stops_generation(model: LlamaCppModel) -> None:
    counting = FakeCountingModel(model)
    started = asyncio.Event()

    async def consume() -> None:
        async for _ in stream_tokens(counting, counting_chat(300), max_tokens=400, temperature=0.0):
            started.set()

    task = asyncio.create_task(consume())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.to_thread(counting.finished.wait, 60), "generation never stopped"
    assert counting.produced < 50


def test_warm_up_fills_the_prompt_cache(model: LlamaCppModel) -> None:
    model.reset_cache()
    assert model.cached_tokens == 0
    model.warm_up(SYSTEM)
    assert model.cached_tokens > model.count_tokens(SYSTEM)


def test_concurrent_callers_take_turns(model: LlamaCppModel) -> None:
    """Two threads at once must not corrupt the shared llama.cpp context; the lock serialises them."""
    replies: dict[int, str] = {}
    errors: list[BaseException] = []

    def ask(index: int) -> None:
        try:
            replies[index] = "".join(model.stream_chat(counting_chat(10), max_tokens=12, temperature=0.0))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert all(reply.startswith("1, 2") for reply in replies.values()), replies
    assert len(replies) == 2


def test_prompt_longer_than_the_context_is_a_model_error(model: LlamaCppModel) -> None:
    huge = "word " * (model.capabilities.max_context_tokens + 100)
    with pytest.raises(ModelError, match="n_ctx"):
        list(model.stream_chat([ChatMessage("user", huge)]))


def test_missing_model_file_is_a_model_error(tmp_path: object) -> None:
    with pytest.raises(ModelError, match="no GGUF model file"):
        LlamaCppModel(model_path="/nonexistent/model.gguf")


def test_benchmark_reports_every_figure() -> None:
    from chinwag.think.llm_bench import run_llm_bench

    report = run_llm_bench(n_threads=1, runs=1, max_tokens=4)
    for key in ("load_s", "warm_up_s", "first_token_cold_ms", "first_token_warm_prefix_ms", "tokens_per_s"):
        assert report[key] is not None and report[key] > 0, key
    assert report["system_prompt_tokens"] > 50
