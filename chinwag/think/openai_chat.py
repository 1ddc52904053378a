"""Any OpenAI-compatible chat server (llama.cpp server, Ollama, vLLM, LM Studio, hosted APIs).

The reply is streamed as Server-Sent Events (``data: {...}`` lines ending with ``data: [DONE]``), so
the agent can start speaking after the first sentence. The client is synchronous on purpose: the
``stream_tokens`` bridge already runs it in a worker thread, and closing the generator (barge-in)
closes the HTTP response, which tells the server to stop generating.

Every failure becomes a ``ModelError`` that says what happened and what to check.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from chinwag.errors import ModelError
from chinwag.think.llm import ChatMessage, LanguageModelCapabilities

log = logging.getLogger(__name__)

API_KEY_ENV_VARS = ("CHINWAG_LLM_API_KEY", "OPENAI_API_KEY")
_BODY_EXCERPT_CHARS = 300
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def chat_completions_url(base_url: str) -> str:
    """Accept the forms people paste: a bare ``http://host:8080`` (gets ``/v1``), a base URL with its
    API path as the OpenAI SDKs take it (``http://host:11434/v1``), or the full endpoint."""
    url = base_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ModelError(f"llm.base_url must be an http:// or https:// URL (got {base_url!r})")
    if url.endswith("/chat/completions"):
        return url
    if not parts.path:
        return url + "/v1/chat/completions"
    return url + "/chat/completions"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _BODY_EXCERPT_CHARS else text[:_BODY_EXCERPT_CHARS] + "…"


class OpenAIChatModel:
    """Streams chat completions from ``base_url``.

    ``timeout_s`` bounds a whole reply; ``first_byte_timeout_s`` (default: ``timeout_s``) bounds the
    wait for the server's first byte and for each later chunk, so a server that stalls mid-reply fails
    too instead of hanging the turn.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 20.0,
        first_byte_timeout_s: float | None = None,
        connect_timeout_s: float = 5.0,
        max_context_tokens: int = 8192,
    ) -> None:
        if not model:
            raise ModelError("the openai backend needs a model name (llm.model in your agent config)")
        if timeout_s <= 0:
            raise ModelError(f"llm.timeout_s must be positive (got {timeout_s})")
        self.url = chat_completions_url(base_url)
        self.model = model
        self.name = f"openai:{model}"
        if api_key is None:
            api_key = next((os.environ[v] for v in API_KEY_ENV_VARS if os.environ.get(v)), None)
        self._api_key = api_key
        self.timeout_s = timeout_s
        self.first_byte_timeout_s = min(first_byte_timeout_s or timeout_s, timeout_s)
        self._timeout = httpx.Timeout(
            connect=min(connect_timeout_s, timeout_s),
            read=self.first_byte_timeout_s,
            write=timeout_s,
            pool=timeout_s,
        )
        host = urlsplit(self.url).hostname or ""
        self.capabilities = LanguageModelCapabilities(
            streaming=True, local=host in _LOCAL_HOSTS, max_context_tokens=max_context_tokens
        )
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    def _http(self) -> httpx.Client:
        with self._client_lock:
            if self._client is None:
                # trust_env=False: a machine-wide proxy setting must not reroute a local model server.
                self._client = httpx.Client(timeout=self._timeout, trust_env=False)
            return self._client

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream", "Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def request_body(
        self, messages: list[ChatMessage], max_tokens: int, temperature: float, stop: list[str] | None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if stop:
            body["stop"] = list(stop)[:4]  # the OpenAI API accepts at most four
        return body

    def stream_chat(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int = 64,
        temperature: float = 0.3,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        if not messages:
            raise ModelError("stream_chat needs at least one message")
        body = self.request_body(messages, max_tokens, temperature, stop)
        deadline = time.monotonic() + self.timeout_s
        got_content = False
        try:
            with self._http().stream("POST", self.url, json=body, headers=self._headers()) as response:
                if response.status_code >= 400:
                    raise self._http_error(response)
                content_type = response.headers.get("content-type", "")
                if content_type.startswith("application/json"):
                    # A server that ignores "stream": true answers with one JSON object.
                    yield from self._whole_reply(response)
                    return
                for line in response.iter_lines():
                    for piece in self._parse_line(line):
                        if piece is None:
                            return
                        got_content = True
                        yield piece
                    if time.monotonic() > deadline:
                        raise ModelError(
                            f"{self.name}: the reply took longer than {self.timeout_s:g} s "
                            "(llm.timeout_s); use a faster model or raise the timeout"
                        )
                log.debug("%s: stream ended without [DONE]", self.name)
        except httpx.ConnectTimeout as exc:
            raise ModelError(
                f"{self.name}: timed out connecting to {self.url}; is the server up and reachable?"
            ) from exc
        except httpx.ConnectError as exc:
            raise ModelError(
                f"{self.name}: could not connect to the chat server at {self.url} ({exc}); "
                "is it running? check llm.base_url in your agent config"
            ) from exc
        except httpx.ReadTimeout as exc:
            if got_content:
                raise ModelError(
                    f"{self.name}: the server stalled mid-reply (no data for "
                    f"{self.first_byte_timeout_s:g} s)"
                ) from exc
            raise ModelError(
                f"{self.name}: no reply from {self.url} within {self.first_byte_timeout_s:g} s; "
                "the server may be overloaded or still loading the model"
            ) from exc
        except httpx.TimeoutException as exc:
            raise ModelError(f"{self.name}: request to {self.url} timed out ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise ModelError(f"{self.name}: HTTP failure talking to {self.url}: {exc}") from exc

    def _http_error(self, response: httpx.Response) -> ModelError:
        try:
            text = response.read().decode("utf-8", "replace")
        except httpx.HTTPError:
            text = ""
        status = response.status_code
        hint = ""
        if status in (401, 403):
            hint = f"; set {API_KEY_ENV_VARS[0]} (or OPENAI_API_KEY) to a valid key"
        elif status == 404:
            hint = f"; check llm.base_url and that the server serves the model '{self.model}'"
        elif status >= 500:
            hint = "; the server failed, see its log"
        body = f": {_excerpt(text)}" if text.strip() else ""
        return ModelError(f"{self.name}: the chat server at {self.url} answered HTTP {status}{body}{hint}")

    def _malformed(self, line: str, why: str) -> ModelError:
        return ModelError(
            f"{self.name}: malformed stream line from {self.url} ({why}): {_excerpt(line)!r}; "
            "is llm.base_url an OpenAI-compatible server?"
        )

    def _parse_line(self, line: str) -> Iterator[str | None]:
        """One SSE line -> text pieces; ``None`` marks the end of the reply."""
        if not line or line.startswith(":"):
            return  # blank separator or comment / keep-alive
        field, sep, value = line.partition(":")
        if not sep:
            raise self._malformed(line, "not a Server-Sent Events line")
        if field in ("event", "id", "retry"):
            return
        if field != "data":
            raise self._malformed(line, f"unknown field {field!r}")
        data = value[1:] if value.startswith(" ") else value
        if data.strip() == "[DONE]":
            yield None
            return
        try:
            chunk = json.loads(data)
        except json.JSONDecodeError:
            raise self._malformed(line, "data is not JSON") from None
        if not isinstance(chunk, dict):
            raise self._malformed(line, "data is not a JSON object")
        if "error" in chunk:
            error = chunk["error"]
            message = error.get("message", error) if isinstance(error, dict) else error
            raise ModelError(f"{self.name}: the server reported an error mid-reply: {message}")
        choices = chunk.get("choices")
        if not isinstance(choices, list):
            raise self._malformed(line, "no 'choices' list")
        for choice in choices[:1]:
            delta = choice.get("delta") if isinstance(choice, dict) else None
            piece = delta.get("content") if isinstance(delta, dict) else None
            if piece:
                yield str(piece)

    def _whole_reply(self, response: httpx.Response) -> Iterator[str]:
        text = response.read().decode("utf-8", "replace")
        try:
            content = json.loads(text)["choices"][0]["message"]["content"]
        except (json.JSONDecodeError, KeyError, IndexError, TypeError):
            raise self._malformed(text, "a JSON reply without choices[0].message.content") from None
        if content:
            yield str(content)

    def close(self) -> None:
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None
