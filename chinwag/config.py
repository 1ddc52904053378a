"""Agent configuration: one TOML or YAML file says who the agent is and which backends it uses.

A user's file only needs the keys it changes: it is merged over the bundled
``chinwag/configs/default.toml``. Mistakes fail at load time with the key's full name, what was wrong
and the valid choices, never half-way through a call. ``AgentConfig.to_dict()`` is stored with every
session, so a recording always says how the agent was set up (it never holds secrets: API keys come
from the environment).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml  # type: ignore[import-untyped]

from chinwag.errors import ConfigError

CONFIG_DIR = Path(__file__).resolve().parent / "configs"
DEFAULT_CONFIG_PATH = CONFIG_DIR / "default.toml"
DEFAULT_POLICY_PATH = CONFIG_DIR / "policy.toml"
DB_ENV_VAR = "CHINWAG_DB"
_Section = TypeVar("_Section")

ARCHITECTURES = ("cascaded", "hybrid", "s2s")
LLM_BACKENDS = ("smollm2", "gguf", "openai", "none")
TTS_BACKENDS = ("piper", "espeak")

# Keys holding file paths: a relative path is read relative to the file that sets it.
_PATH_KEYS = (("llm", "model_path"), ("tts", "voice"), ("guardrails", "policy"))


@dataclass
class AsrConfig:
    backend: str = "whisper-tiny.en"
    language: str = "en"
    options: dict[str, Any] = field(default_factory=dict)
    timeout_s: float = 8.0  # the final decode of a turn; past it the agent apologises and asks again


@dataclass
class LlmConfig:
    backend: str = "smollm2"
    model_path: str | None = None
    chat_format: str | None = None
    base_url: str | None = None
    model: str | None = None
    n_threads: int = 1
    n_ctx: int = 2048
    max_tokens: int = 64
    temperature: float = 0.3
    timeout_s: float = 20.0

    def backend_kwargs(self) -> dict[str, Any]:
        """Constructor arguments for ``registry.create("llm", self.backend, **kwargs)``."""
        if self.backend == "smollm2":
            return {"n_threads": self.n_threads, "n_ctx": self.n_ctx}
        if self.backend == "gguf":
            return {"model_path": self.model_path, "n_threads": self.n_threads, "n_ctx": self.n_ctx,
                    "chat_format": self.chat_format}
        if self.backend == "openai":
            return {"base_url": self.base_url, "model": self.model, "timeout_s": self.timeout_s}
        return {}


@dataclass
class TtsConfig:
    backend: str = "piper"
    voice: str | None = None
    espeak_voice: str = "en-us"
    rate: float = 1.0
    phrase_cache: int = 256  # recent texts whose audio is kept (0: synthesize every time)


@dataclass
class VadConfig:
    backend: str = "silero"
    threshold: float = 0.5
    min_speech_ms: int = 80
    min_silence_ms: int = 300
    echo_cancellation: bool = False


@dataclass
class TurnConfig:
    preempt_ms: int = 150
    end_of_turn_model: str = "prosody"
    completion_score: bool = True
    end_of_turn_threshold: float | None = None  # None: the model's own (picked when it was trained)
    end_of_turn_silence_ms: int = 800
    max_end_of_turn_ms: int = 3000
    unsure_words_max_end_of_turn_ms: int = 1500
    unsure_words_probability: float = 0.5
    cut_in_max_end_of_turn_ms: int = 1500  # the cap for a turn that began by cutting the agent off
    cut_in_unsure_max_end_of_turn_ms: int = 1000  # ... whose last word the recogniser doubted
    cut_in_unsure_last_word_probability: float = 0.7
    # Whisper's encoder just after the speech ends (chinwag.floor.tail_probe): below this logit the
    # speech sounds unfinished, and the agent holds on until tail_hold_max_ms of silence
    tail_probe: bool = True
    tail_hold_below: float = -1.5
    tail_hold_max_ms: int = 1800
    # ... or, with the language model's completion score, the hold model (chinwag.floor.hold_model)
    # decides from the probe, the words, Whisper's doubt and the prosody together
    hold_model: bool = True
    # Whisper's encoder over the first 160 ms of a sound over the agent (chinwag.floor.murmur_probe):
    # a hum ("mhm") lets the agent resume over it at once, on guard for words that say "turn"
    murmur_probe: bool = True
    # ... and below this hold-model logit it holds on until long_hold_max_ms, past the unsure cap
    long_hold_below: float = -0.5
    long_hold_max_ms: int = 2600
    # ... and where it is undecided (between its threshold and the logit it answers at once above),
    # it holds on until undecided_hold_max_ms (0: off, the default; see default.toml)
    undecided_hold_max_ms: int = 0
    min_end_of_turn_silence_ms: int = 250
    barge_in_min_speech_ms: int = 900
    barge_in_acknowledgement_speech_ms: int = 1400
    false_interruption_timeout_ms: int = 1500
    backchannels: bool = True


@dataclass
class GuardrailsConfig:
    enabled: bool = True
    policy: str = str(DEFAULT_POLICY_PATH)


@dataclass
class RecordsConfig:
    database_url: str | None = None  # None: $CHINWAG_DB, else a SQLite file in the user's data folder


@dataclass
class AgentConfig:
    name: str = "copper-kettle"
    architecture: str = "cascaded"
    persona: str = ""
    system_prompt: str = ""
    flow: str = "restaurant"
    asr: AsrConfig = field(default_factory=AsrConfig)
    llm: LlmConfig = field(default_factory=LlmConfig)
    tts: TtsConfig = field(default_factory=TtsConfig)
    vad: VadConfig = field(default_factory=VadConfig)
    turn: TurnConfig = field(default_factory=TurnConfig)
    guardrails: GuardrailsConfig = field(default_factory=GuardrailsConfig)
    records: RecordsConfig = field(default_factory=RecordsConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<dict>") -> AgentConfig:
        """Build from a complete mapping, e.g. one stored with a session by ``to_dict``."""
        config = _build(cls, data, "", source)
        _check_values(config, source)
        return config


def default_database_url() -> str:
    """``$CHINWAG_DB`` (a URL, or a file path meaning SQLite), else ``$XDG_DATA_HOME/chinwag/chinwag.db``."""
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    if from_env:
        return from_env if "://" in from_env else f"sqlite:///{Path(from_env).expanduser().resolve()}"
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite:///{Path(data_home).expanduser() / 'chinwag' / 'chinwag.db'}"


def read_config_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse one TOML or YAML file into a plain mapping, with paths in it made absolute."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise ConfigError(f"no agent config file at {file}")
    suffix = file.suffix.lower()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read agent config {file}: {exc}") from exc
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text) or {}
        else:
            raise ConfigError(f"agent config {file} must end in .toml, .yaml or .yml")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file} is not valid TOML: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{file} must hold a mapping of settings at the top level")
    _resolve_paths(data, file.resolve().parent)
    return data


def load_config(path: str | os.PathLike[str] | None = None) -> AgentConfig:
    """The bundled default, with the user's file (if any) merged over it."""
    merged = read_config_file(DEFAULT_CONFIG_PATH)
    source = str(DEFAULT_CONFIG_PATH)
    if path is not None:
        source = str(path)
        user = read_config_file(path)
        _check_keys(AgentConfig, user, "", source)
        merged = _deep_merge(merged, user)
    config = _build(AgentConfig, merged, "", source)
    if config.records.database_url is None:
        config.records.database_url = default_database_url()
    _check_values(config, source)
    return config


def _deep_merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _resolve_paths(data: dict[str, Any], folder: Path) -> None:
    for section, key in _PATH_KEYS:
        block = data.get(section)
        if isinstance(block, dict) and isinstance(block.get(key), str) and block[key]:
            path = Path(block[key]).expanduser()
            block[key] = str(path if path.is_absolute() else (folder / path).resolve())


def _unknown_key(key: str, where: str, valid: list[str], source: str) -> ConfigError:
    close = difflib.get_close_matches(key, valid, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    section = f"[{where}]" if where else "the top level"
    return ConfigError(
        f"unknown key '{_join(where, key)}' in {source}{hint}; valid keys in {section}: {', '.join(valid)}"
    )


def _check_keys(cls: type[Any], data: Mapping[str, Any], where: str, source: str) -> None:
    hints = typing.get_type_hints(cls)
    valid = [f.name for f in dataclasses.fields(cls)]
    for key, value in data.items():
        if key not in valid:
            raise _unknown_key(str(key), where, valid, source)
        hint = hints[key]
        if dataclasses.is_dataclass(hint) and isinstance(value, Mapping):
            _check_keys(hint, value, _join(where, key), source)  # type: ignore[arg-type]


def _build(cls: type[_Section], data: Mapping[str, Any], where: str, source: str) -> _Section:
    if not isinstance(data, Mapping):
        raise ConfigError(f"'{where}' in {source} must be a section (a table of settings), got {data!r}")
    _check_keys(cls, data, where, source)
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key, value in data.items():
        hint = hints[key]
        name = _join(where, key)
        if dataclasses.is_dataclass(hint):
            values[key] = _build(hint, value, name, source)  # type: ignore[arg-type]
        else:
            values[key] = _check_type(value, hint, name, source)
    return cls(**values)


def _describe(hint: Any) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false", dict: "a table"}
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_describe(a) for a in typing.get_args(hint) if a is not type(None)) + " (or unset)"
    return names.get(origin or hint, str(hint))


def _check_type(value: Any, hint: Any, name: str, source: str, wanted: str | None = None) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in typing.get_args(hint):
            return None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _check_type(value, inner[0], name, source, wanted=_describe(hint))
    base = origin or hint
    ok = (
        (base is bool and isinstance(value, bool))
        or (base is int and isinstance(value, int) and not isinstance(value, bool))
        or (base is float and isinstance(value, int | float) and not isinstance(value, bool))
        or (base is str and isinstance(value, str))
        or (base is dict and isinstance(value, Mapping))
    )
    if not ok:
        wanted = wanted or _describe(hint)
        raise ConfigError(f"'{name}' in {source} must be {wanted}, got {value!r} ({type(value).__name__})")
    if base is float:
        return float(value)
    if base is dict:
        return dict(value)
    return value


def _check_values(config: AgentConfig, source: str) -> None:
    def fail(name: str, problem: str) -> None:
        raise ConfigError(f"'{name}' in {source} {problem}")

    def choice(name: str, value: str, valid: tuple[str, ...]) -> None:
        if value not in valid:
            fail(name, f"is '{value}'; choose one of: {', '.join(valid)}")

    def positive(name: str, value: float) -> None:
        if value <= 0:
            fail(name, f"must be greater than 0, got {value}")

    def at_least_zero(name: str, value: float) -> None:
        if value < 0:
            fail(name, f"must not be negative, got {value}")

    choice("architecture", config.architecture, ARCHITECTURES)
    if not config.name.strip():
        fail("name", "must not be empty")
    llm = config.llm
    choice("llm.backend", llm.backend, LLM_BACKENDS)
    if llm.backend == "gguf" and not llm.model_path:
        fail("llm.model_path", "must name a .gguf file when llm.backend is 'gguf'")
    if llm.backend == "openai" and not (llm.base_url and llm.model):
        fail("llm.base_url", "and 'llm.model' must both be set when llm.backend is 'openai'")
    for key in ("n_threads", "n_ctx", "max_tokens", "timeout_s"):
        positive(f"llm.{key}", getattr(llm, key))
    if not 0.0 <= llm.temperature <= 2.0:
        fail("llm.temperature", f"must be between 0 and 2, got {llm.temperature}")
    positive("asr.timeout_s", config.asr.timeout_s)
    choice("tts.backend", config.tts.backend, TTS_BACKENDS)
    choice("turn.end_of_turn_model", config.turn.end_of_turn_model, ("prosody", "silence"))
    eot_threshold = config.turn.end_of_turn_threshold
    if eot_threshold is not None and not 0.0 < eot_threshold < 1.0:
        fail("turn.end_of_turn_threshold", f"must be between 0 and 1 (a probability), got {eot_threshold}")
    at_least_zero("tts.phrase_cache", config.tts.phrase_cache)
    if not 0.25 <= config.tts.rate <= 4.0:
        fail("tts.rate", f"must be between 0.25 and 4 (1 is normal speed), got {config.tts.rate}")
    if not 0.0 < config.vad.threshold < 1.0:
        fail("vad.threshold", f"must be between 0 and 1, got {config.vad.threshold}")
    at_least_zero("vad.min_speech_ms", config.vad.min_speech_ms)
    positive("vad.min_silence_ms", config.vad.min_silence_ms)
    turn = config.turn
    for item in dataclasses.fields(turn):
        if item.name.endswith("_ms"):
            at_least_zero(f"turn.{item.name}", getattr(turn, item.name))
    if turn.min_end_of_turn_silence_ms > turn.end_of_turn_silence_ms:
        fail("turn.min_end_of_turn_silence_ms", "must not exceed turn.end_of_turn_silence_ms")
    if not turn.min_end_of_turn_silence_ms <= turn.unsure_words_max_end_of_turn_ms <= turn.max_end_of_turn_ms:
        fail("turn.unsure_words_max_end_of_turn_ms",
             "must lie between turn.min_end_of_turn_silence_ms and turn.max_end_of_turn_ms")
    if not 0.0 <= turn.unsure_words_probability <= 1.0:
        fail("turn.unsure_words_probability", f"must be between 0 and 1, got {turn.unsure_words_probability}")
    if not turn.min_end_of_turn_silence_ms <= turn.cut_in_max_end_of_turn_ms <= turn.max_end_of_turn_ms:
        fail("turn.cut_in_max_end_of_turn_ms",
             "must lie between turn.min_end_of_turn_silence_ms and turn.max_end_of_turn_ms")
    cut_in_unsure_ms = turn.cut_in_unsure_max_end_of_turn_ms
    if not turn.min_end_of_turn_silence_ms <= cut_in_unsure_ms <= turn.cut_in_max_end_of_turn_ms:
        fail("turn.cut_in_unsure_max_end_of_turn_ms",
             "must lie between turn.min_end_of_turn_silence_ms and turn.cut_in_max_end_of_turn_ms")
    if not 0.0 <= turn.cut_in_unsure_last_word_probability <= 1.0:
        fail("turn.cut_in_unsure_last_word_probability",
             f"must be between 0 and 1, got {turn.cut_in_unsure_last_word_probability}")
    if turn.tail_hold_max_ms > turn.max_end_of_turn_ms:
        fail("turn.tail_hold_max_ms", "must not exceed turn.max_end_of_turn_ms")
    if not turn.tail_hold_max_ms <= turn.long_hold_max_ms <= turn.max_end_of_turn_ms:
        fail("turn.long_hold_max_ms", "must lie between turn.tail_hold_max_ms and turn.max_end_of_turn_ms")
    if turn.undecided_hold_max_ms > turn.tail_hold_max_ms:
        fail("turn.undecided_hold_max_ms", "must not exceed turn.tail_hold_max_ms")
    if turn.barge_in_acknowledgement_speech_ms < turn.barge_in_min_speech_ms:
        fail("turn.barge_in_acknowledgement_speech_ms", "must not be below turn.barge_in_min_speech_ms")
    if config.guardrails.enabled and not config.guardrails.policy:
        fail("guardrails.policy", "must name a policy file while guardrails are enabled")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
