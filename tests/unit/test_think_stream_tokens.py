"""The thread bridge of ``stream_tokens`` when the consumer's event loop goes away first."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

from chinwag.think.llm import ChatMessage, stream_tokens


class SlowFakeModel:
    """Yields a piece, then keeps generating after the caller has gone (as a cancelled reply's does)."""

    name = "slow-fake"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.finished = threading.Event()

    def stream_chat(self, messages: list[ChatMessage], **_: object) -> Iterator[str]:
        try:
            yield "one"
            self.release.wait(5)
            yield "two"
        finally:
            self.finished.set()


def test_a_closed_loop_does_not_raise_in_the_model_thread() -> None:
    model = SlowFakeModel()
    errors: list[BaseException] = []
    hook, threading.excepthook = threading.excepthook, lambda args: errors.append(args.exc_value)

    async def first_piece_only() -> str:
        async for piece in stream_tokens(model, [ChatMessage("user", "hi")]):  # type: ignore[arg-type]
            return piece
        return ""

    try:
        assert asyncio.run(first_piece_only()) == "one"  # the loop is closed when this returns
        model.release.set()
        assert model.finished.wait(5)
        for thread in threading.enumerate():
            if thread.name == "llm-slow-fake":
                thread.join(5)
    finally:
        threading.excepthook = hook
    assert errors == []
