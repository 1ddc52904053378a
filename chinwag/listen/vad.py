"""Silero VAD run straight on onnxruntime: speech probability every 32 ms, no torch.

The model ships inside the ``silero-vad`` wheel. It consumes 512-sample windows (32 ms at 16 kHz)
preceded by the last 64 samples of the previous window ("context") and carries a recurrent state.
Our frames are 320 samples (20 ms), so each stream buffers leftovers until a full window is there.
One ONNX session is shared by every stream of the process (``InferenceSession.run`` is thread-safe);
all per-stream data lives in ``SileroStreamState``.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.errors import AudioInputError, BackendUnavailableError

WINDOW_SAMPLES = 512  # what the 16 kHz model expects per call
CONTEXT_SAMPLES = 64  # tail of the previous window prepended to each call
STATE_SHAPE = (2, 1, 128)

_session_lock = threading.Lock()


def silero_model_path() -> Path:
    """Where the installed ``silero_vad`` package keeps its ONNX model."""
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailableError(
            "Silero VAD needs the silero-vad package (model files only): "
            "pip install --no-deps silero-vad==6.2.3"
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "data" / "silero_vad.onnx"
        if candidate.is_file():
            return candidate
    raise BackendUnavailableError(
        "the installed silero-vad package has no data/silero_vad.onnx; "
        "reinstall it: pip install --no-deps --force-reinstall silero-vad==6.2.3"
    )


@functools.cache
def _shared_session(model_path: str) -> Any:  # an onnxruntime.InferenceSession (untyped package)
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1  # a 32 ms window is tiny: threads cost more than they give
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(model_path, sess_options=opts, providers=["CPUExecutionProvider"])


def shared_session(model_path: Path | None = None) -> Any:
    """The process-wide ONNX session (created on first use)."""
    path = str(model_path or silero_model_path())
    with _session_lock:  # lru_cache alone could build two sessions under a race
        return _shared_session(path)


@dataclass
class SileroStreamState:
    """Everything one audio stream carries between calls."""

    rnn_state: np.ndarray = field(default_factory=lambda: np.zeros(STATE_SHAPE, dtype=np.float32))
    context: np.ndarray = field(default_factory=lambda: np.zeros(CONTEXT_SAMPLES, dtype=np.float32))
    pending: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    last_probability: float = 0.0
    windows_seen: int = 0

    def reset(self) -> None:
        self.rnn_state = np.zeros(STATE_SHAPE, dtype=np.float32)
        self.context = np.zeros(CONTEXT_SAMPLES, dtype=np.float32)
        self.pending = np.zeros(0, dtype=np.float32)
        self.last_probability = 0.0
        self.windows_seen = 0


class SileroVad:
    """Streaming voice-activity detector for one stream (``VoiceActivityDetector`` protocol).

    ``step`` accepts any number of samples; the returned probability belongs to the newest complete
    512-sample window, so it lags the input by up to 32 ms (it stays at the previous value while a
    window is still filling).
    """

    window_samples = WINDOW_SAMPLES

    def __init__(self, model_path: str | Path | None = None, sample_rate_hz: int = SAMPLE_RATE_HZ) -> None:
        if sample_rate_hz != SAMPLE_RATE_HZ:
            raise AudioInputError(
                f"SileroVad runs at {SAMPLE_RATE_HZ} Hz; resample the {sample_rate_hz} Hz audio first "
                "(chinwag.audio.io.resample)"
            )
        self._session = shared_session(Path(model_path) if model_path else None)
        self._sr = np.array(SAMPLE_RATE_HZ, dtype=np.int64)
        self.state = SileroStreamState()

    def reset(self) -> None:
        self.state.reset()

    @property
    def probability(self) -> float:
        return self.state.last_probability

    def step(self, samples: np.ndarray) -> float:
        """Feed 16 kHz float32 samples; returns the latest speech probability in [0, 1]."""
        self.step_windows(samples)
        return self.state.last_probability

    def step_windows(self, samples: np.ndarray) -> list[float]:
        """Like ``step`` but returns the probability of every window completed by these samples."""
        st = self.state
        x = np.asarray(samples, dtype=np.float32).reshape(-1)
        buf = np.concatenate([st.pending, x]) if st.pending.size else x
        n_windows = len(buf) // WINDOW_SAMPLES
        probs: list[float] = []
        for i in range(n_windows):
            probs.append(self._run_window(buf[i * WINDOW_SAMPLES : (i + 1) * WINDOW_SAMPLES]))
        st.pending = buf[n_windows * WINDOW_SAMPLES :].copy()
        return probs

    def _run_window(self, window: np.ndarray) -> float:
        st = self.state
        model_input = np.concatenate([st.context, window])[np.newaxis, :]
        out, new_state = self._session.run(
            None, {"input": model_input, "state": st.rnn_state, "sr": self._sr}
        )
        st.rnn_state = new_state
        st.context = window[-CONTEXT_SAMPLES:].copy()
        st.last_probability = float(out[0, 0])
        st.windows_seen += 1
        return st.last_probability


def probabilities(audio: np.ndarray, vad: SileroVad | None = None) -> np.ndarray:
    """Speech probability of every 512-sample window of a whole signal (offline use, tests)."""
    detector = vad or SileroVad()
    detector.reset()
    return np.array(detector.step_windows(audio), dtype=np.float32)
