"""Incremental re-decoding with the real tiny.en model, driven by the real VAD and segmenter."""

from __future__ import annotations

import numpy as np
import pytest

from chinwag.audio.frames import FRAME_SAMPLES
from chinwag.bench.asr_bench import normalize_words
from chinwag.listen.incremental import IncrementalTranscriber
from chinwag.listen.segmenter import SpeechSegmenter
from chinwag.listen.vad import SileroVad
from chinwag.listen.whisper import WhisperRecognizer
from tests import speech_fixtures as fx

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def recognizer() -> WhisperRecognizer:
    return WhisperRecognizer.tiny_en()


async def test_streaming_pipeline_partials_then_final(recognizer: WhisperRecognizer) -> None:
    text = "Could we sit outside on the terrace if the weather is nice?"
    signal = fx.pad(fx.piper(text), 0.5, 1.0)
    vad, seg = SileroVad(), SpeechSegmenter(min_silence_ms=300)
    inc = IncrementalTranscriber(recognizer, redecode_every_ms=600)
    buffer: list[np.ndarray] = []
    start_frame: int | None = None
    final = None
    partial_texts: list[str] = []
    for i in range(0, len(signal) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        frame = signal[i : i + FRAME_SAMPLES]
        update = seg.update(vad.step(frame))
        if update.started:
            start_frame = seg.speech_start_frame
            buffer = [signal[max(0, (start_frame - 10) * FRAME_SAMPLES) : i]]
        if start_frame is None:
            continue
        buffer.append(frame)
        utterance = np.concatenate(buffer)
        if update.in_speech:
            # a decode as soon as a pause starts, so the end of speech finds the work already done
            await inc.update(utterance, force=update.silence_ms == 100)
            await inc.wait_idle()  # deterministic test: let each decode land before the next frame
            if inc.partial is not None and (not partial_texts or partial_texts[-1] != inc.partial.text):
                partial_texts.append(inc.partial.text)
        if update.stopped:
            span = seg.utterance_samples(pad_before_ms=200, pad_after_ms=60, first_frame=start_frame - 10)
            assert span is not None
            decodes_before = inc.state.decodes
            final = await inc.finalize(utterance, speech_end_sample=span[1])
            break
    assert final is not None, "the segmenter never saw the end of speech"
    words = normalize_words(final.text)
    assert {"sit", "outside", "terrace", "weather", "nice"} <= set(words), final.text
    assert len(partial_texts) >= 2  # partials grew while the user spoke
    assert len(normalize_words(partial_texts[0])) < len(words)
    # the pause-triggered decode covered all the speech, so finalize had nothing left to decode
    assert inc.state.decodes == decodes_before
    assert final is inc.partial
    assert inc.state.decodes == len(inc.state.decode_ms) >= 3
