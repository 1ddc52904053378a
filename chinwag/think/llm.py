"""The language-model surface every backend implements, and an async bridge to it.

Backends are blocking generators of text pieces (llama.cpp and HTTP clients are naturally so); the
``stream_tokens`` bridge runs one in a worker thread and hands pieces to the event loop, and stops the
generator promptly when the consumer cancels (barge-in).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: str  # "system" | "user" | "assistant"
    content: str


@dataclass(frozen=True)
class LanguageModelCapabilities:
    streaming: bool = True
    local: bool = True
    max_context_tokens: int = 2048


class LanguageModel(Protocol):
    capabilities: LanguageModelCapabilities
    name: str

    def stream_chat(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int = 64,
        temperature: float = 0.3,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        """Yield text pieces as they are generated. Blocking; raise ``ModelError`` on failure."""
        ...


class NoLanguageModel:
    """A model that says nothing: the dialogue flow's own templates carry the conversation."""

    capabilities = LanguageModelCapabilities(streaming=True, local=True, max_context_tokens=0)
    name = "none"

    def stream_chat(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int = 64,
        temperature: float = 0.3,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        return iter(())


_DONE = object()


async def stream_tokens(
    model: LanguageModel, messages: list[ChatMessage], **kwargs: object
) -> AsyncGenerator[str, None]:
    """Run ``model.stream_chat`` in a thread; yield pieces on the loop; cancel cleanly."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[object] = asyncio.Queue()
    cancelled = threading.Event()

    def deliver(item: object) -> None:
        if cancelled.is_set():
            return  # the consumer is gone: its loop may already be closed
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the loop closed while the model was still generating
            cancelled.set()

    def worker() -> None:
        try:
            for piece in model.stream_chat(messages, **kwargs):  # type: ignore[arg-type]
                if cancelled.is_set():
                    break
                deliver(piece)
        except BaseException as exc:  # forwarded to the consumer, never lost
            deliver(exc)
        finally:
            deliver(_DONE)

    thread = threading.Thread(target=worker, name=f"llm-{model.name}", daemon=True)
    thread.start()
    try:
        while True:
            item = await queue.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield str(item)
    finally:
        cancelled.set()
