"""Builds agents. Models are loaded once per process into a ``ModelPool`` and shared by every session;
each session gets its own agent with its own streaming state (VAD, segmenter, flow, playout).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from chinwag.agents.base import Agent
from chinwag.agents.floor_parts import TurnSettings
from chinwag.config import AgentConfig
from chinwag.errors import ConfigError
from chinwag.floor.end_of_turn import EndOfTurnDetector, TurnEndPolicy, VadSilenceBaseline
from chinwag.registry import create
from chinwag.speak.backchannels import BackchannelBank
from chinwag.speak.phrase_cache import CachedSynthesizer, opener_chunks
from chinwag.speak.types import SpeechStyle, Synthesizer
from chinwag.think.guardrails import GuardrailPolicy
from chinwag.think.llm import LanguageModel

log = logging.getLogger(__name__)

# name -> (available, description)
ARCHITECTURES: dict[str, tuple[bool, str]] = {
    "cascaded": (True, "VAD + streaming Whisper -> dialogue flow + LLM -> guardrails -> Piper, "
                       "clause by clause"),
    "hybrid": (False, "native audio understanding (prosody, vocal events) joined with text reasoning"),
    "s2s": (False, "speech-to-speech in audio-token space, user and agent streams modelled in parallel"),
}


@dataclass
class ModelPool:
    """The heavy, shareable parts. Recogniser, LLM and TTS serialise their own calls."""

    config: AgentConfig
    recognizer: Any
    llm: LanguageModel
    tts: Synthesizer
    guard: GuardrailPolicy
    end_of_turn: TurnEndPolicy
    backchannel_bank: Any | None
    tail_probe: Any | None = None  # chinwag.floor.tail_probe.TailProbe, for the recogniser it reads
    hold_model: Any | None = None  # chinwag.floor.hold_model.HoldModel, with the probe and the LM score
    murmur_probe: Any | None = None  # chinwag.floor.murmur_probe.MurmurProbe, for the recogniser it reads

    @classmethod
    def load(cls, config: AgentConfig) -> ModelPool:
        results: dict[str, Any] = {}
        errors: list[BaseException] = []

        def load_part(name: str, fn: Any) -> None:
            try:
                results[name] = fn()
            except BaseException as exc:
                errors.append(exc)

        # Load the three models in parallel threads: each mostly waits on file I/O and ONNX/CT2 setup.
        loaders = {
            "recognizer": lambda: _load_recognizer(config),
            "llm": lambda: _load_llm(config),
            "tts": lambda: _load_tts(config),
        }
        threads = [threading.Thread(target=load_part, args=item) for item in loaders.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        guard = GuardrailPolicy.load(config.guardrails.policy or None)
        t = config.turn
        end_of_turn: TurnEndPolicy = (_load_end_of_turn(config) if t.end_of_turn_model == "prosody"
                                      else VadSilenceBaseline(t.end_of_turn_silence_ms))
        bank = BackchannelBank(results["tts"], background=True) if t.backchannels else None
        probe = _load_tail_probe(config, results["recognizer"]) if t.end_of_turn_model == "prosody" else None
        hold = _load_hold_model(config, probe, end_of_turn)
        murmur = _load_murmur_probe(config, results["recognizer"])
        return cls(config, results["recognizer"], results["llm"], results["tts"], guard, end_of_turn, bank,
                   probe, hold, murmur)


def _load_hold_model(config: AgentConfig, probe: Any | None, end_of_turn: TurnEndPolicy) -> Any | None:
    """The hold model reads the tail probe and the language model's completion score: without
    either the agent keeps the probe's own threshold."""
    if probe is None or not config.turn.hold_model or getattr(end_of_turn, "completion", None) is None:
        return None
    from chinwag.floor.hold_model import HoldModel

    return HoldModel.load()


def _load_tail_probe(config: AgentConfig, recognizer: Any) -> Any | None:
    """The shipped probe reads Whisper tiny.en's encoder; with another recogniser it is left out."""
    if not config.turn.tail_probe:
        return None
    from chinwag.floor.tail_probe import TailProbe

    probe = TailProbe.load()
    if not _reads(probe, recognizer, "keep_encoder_states", "end-of-turn tail probe"):
        return None
    recognizer.keep_encoder_states = True  # each decode then carries the states the probe reads
    return probe


def _load_murmur_probe(config: AgentConfig, recognizer: Any) -> Any | None:
    """The shipped murmur probe reads Whisper tiny.en's encoder; with another recogniser it is left out."""
    if not config.turn.murmur_probe:
        return None
    from chinwag.floor.murmur_probe import MurmurProbe

    probe = MurmurProbe.load()
    return probe if _reads(probe, recognizer, "encoder_states", "murmur probe") else None


def _reads(probe: Any, recognizer: Any, needs: str, what: str) -> bool:
    """A probe fits the recogniser it was trained on (``probe.encoder``), and only if the recogniser
    offers what the probe needs of it (``needs``, an attribute); otherwise it is left out, with a
    log line saying why."""
    if getattr(recognizer, "name", None) == probe.encoder and hasattr(recognizer, needs):
        return True
    log.info("%s left out: it reads %s, the recogniser is %s", what, probe.encoder,
             getattr(recognizer, "name", type(recognizer).__name__))
    return False


def _load_end_of_turn(config: AgentConfig) -> EndOfTurnDetector:
    """The prosody + words model, with SmolLM2's completion score when it is installed."""
    threshold = config.turn.end_of_turn_threshold
    if not config.turn.completion_score:
        return EndOfTurnDetector(threshold=threshold)
    from chinwag.floor.completion import load_smollm2_scorer

    return EndOfTurnDetector(threshold=threshold, completion=load_smollm2_scorer())


def _load_recognizer(config: AgentConfig) -> Any:
    opts = dict(config.asr.options)
    backend = config.asr.backend
    if backend == "whisper-dir":
        return create("asr", backend, path=opts.pop("path"), **opts)
    recognizer = create("asr", backend, **opts)
    if hasattr(recognizer, "warm_up"):
        recognizer.warm_up()
    return recognizer


def _load_llm(config: AgentConfig) -> LanguageModel:
    c = config.llm
    if c.backend == "gguf" and not c.model_path:
        raise ConfigError("llm.backend = 'gguf' needs llm.model_path (a .gguf file)")
    if c.backend == "openai" and (not c.base_url or not c.model):
        raise ConfigError("llm.backend = 'openai' needs llm.base_url and llm.model")
    model: Any = create("llm", c.backend, **c.backend_kwargs())
    if hasattr(model, "warm_up"):
        model.warm_up(config.system_prompt)  # caches the prompt prefix: first turn 10-50x faster
    llm: LanguageModel = model
    return llm


def _load_tts(config: AgentConfig) -> Synthesizer:
    c = config.tts
    kwargs: dict[str, Any] = {}
    if c.backend == "piper" and c.voice:
        kwargs = {"model_path": c.voice, "config_path": c.voice + ".json"}
    elif c.backend == "espeak":
        kwargs = {"voice": c.espeak_voice}
    synth: Synthesizer = create("tts", c.backend, **kwargs)
    synth.synthesize("Hello.", SpeechStyle())  # warm the ONNX session so the first reply is fast
    if c.phrase_cache <= 0:
        return synth
    cached = CachedSynthesizer(synth, max_entries=c.phrase_cache)
    cached.warm(opener_chunks(), SpeechStyle(rate=c.rate))  # the style the agent speaks with
    return cached


def check_architecture(arch: str) -> None:
    """Fail before any model is loaded (benches, server) when ``arch`` cannot be built."""
    if arch not in ARCHITECTURES:
        raise ConfigError(f"unknown architecture '{arch}'; choose one of: {', '.join(ARCHITECTURES)}")
    if not ARCHITECTURES[arch][0]:
        raise ConfigError(f"the '{arch}' architecture is not available yet; use 'cascaded'")


def build_agent(arch: str, pool: ModelPool) -> Agent:
    check_architecture(arch)
    return _build_cascaded(pool)


def turn_settings(config: AgentConfig) -> TurnSettings:
    """The agent's turn-taking settings from the ``[turn]`` config (also what ``chinwag bench eot``
    replays as the agent's policy)."""
    t = config.turn
    silence_only = t.end_of_turn_model != "prosody"
    cap_ms = t.end_of_turn_silence_ms if silence_only else t.max_end_of_turn_ms
    return TurnSettings(preempt_ms=t.preempt_ms, min_end_of_turn_ms=t.min_end_of_turn_silence_ms,
                        max_end_of_turn_ms=cap_ms,
                        unsure_max_end_of_turn_ms=min(cap_ms, t.unsure_words_max_end_of_turn_ms),
                        unsure_word_probability=t.unsure_words_probability,
                        cut_in_max_end_of_turn_ms=min(cap_ms, t.cut_in_max_end_of_turn_ms),
                        cut_in_unsure_max_end_of_turn_ms=min(cap_ms, t.cut_in_unsure_max_end_of_turn_ms),
                        cut_in_unsure_last_word_probability=t.cut_in_unsure_last_word_probability,
                        tail_hold_below=t.tail_hold_below, tail_hold_max_ms=t.tail_hold_max_ms,
                        long_hold_below=t.long_hold_below, long_hold_max_ms=min(cap_ms, t.long_hold_max_ms),
                        undecided_hold_max_ms=min(cap_ms, t.undecided_hold_max_ms))


def _build_cascaded(pool: ModelPool) -> Agent:
    from chinwag.agents.cascaded import CascadedAgent
    from chinwag.agents.floor_parts import FloorParts
    from chinwag.agents.reply import ReplyParts, ReplySettings
    from chinwag.agents.user_speech import UserSpeechTracker
    from chinwag.floor.backchannel import BackchannelSettings
    from chinwag.floor.interruption import InterruptionSettings
    from chinwag.listen.incremental import IncrementalTranscriber
    from chinwag.listen.segmenter import SpeechSegmenter
    from chinwag.listen.vad import SileroVad
    from chinwag.think.flow import create_flow

    c = pool.config
    segmenter = SpeechSegmenter(start_threshold=c.vad.threshold, min_speech_ms=c.vad.min_speech_ms,
                                min_silence_ms=c.vad.min_silence_ms)
    speech = UserSpeechTracker(SileroVad(), segmenter)
    settings = ReplySettings(system_prompt=c.system_prompt, llm_max_tokens=c.llm.max_tokens,
                             llm_temperature=c.llm.temperature, llm_timeout_s=c.llm.timeout_s,
                             asr_timeout_s=c.asr.timeout_s, style=SpeechStyle(rate=c.tts.rate))
    parts = ReplyParts(create_flow(c.flow), pool.llm, pool.tts, pool.guard, settings)
    t = c.turn
    turn = turn_settings(c)
    echo = create("aec", "webrtc") if c.vad.echo_cancellation else None
    floor = FloorParts(pool.end_of_turn, pool.backchannel_bank, turn,
                       InterruptionSettings(confirm_speech_ms=t.barge_in_min_speech_ms,
                                            acknowledgement_speech_ms=t.barge_in_acknowledgement_speech_ms,
                                            resume_timeout_ms=t.false_interruption_timeout_ms),
                       BackchannelSettings(enabled=t.backchannels), echo_canceller=echo,
                       tail_probe=pool.tail_probe, hold_model=pool.hold_model,
                       murmur_probe=pool.murmur_probe)
    return CascadedAgent(speech, lambda: IncrementalTranscriber(pool.recognizer), parts, floor)
