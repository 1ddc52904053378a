from __future__ import annotations

import numpy as np
import pytest
import soxr

from chinwag.audio.frames import FRAME_SAMPLES, Frame, Stream, is_silent, silence
from chinwag.io.live_source import AgentAudioOut, LiveSource
from chinwag.io.stream_resampler import StreamResampler


def tone(freq_hz: float, seconds: float, rate_hz: int, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * rate_hz)) / rate_hz
    return (amp * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def dominant_hz(audio: np.ndarray, rate_hz: int) -> float:
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio))))
    return float(np.fft.rfftfreq(len(audio), 1 / rate_hz)[np.argmax(spectrum)])


async def test_frames_come_out_in_order_and_silence_fills_gaps() -> None:
    src = LiveSource(16_000, prebuffer_ms=40)
    audio = np.arange(6 * FRAME_SAMPLES, dtype=np.float32) / 1e4
    src.push(audio[:FRAME_SAMPLES])
    first = await src.next_frame(0)
    assert first is not None and is_silent(first)  # waiting for 40 ms: the tick still gets a frame
    src.push(audio[FRAME_SAMPLES : 3 * FRAME_SAMPLES])
    frames = [await src.next_frame(i) for i in (1, 2, 3)]
    assert all(f is not None and not is_silent(f) for f in frames)
    assert frames[0] is not None and (frames[0].index, frames[0].stream) == (1, Stream.USER)
    played = np.concatenate([f.samples for f in frames if f])
    np.testing.assert_array_equal(played, audio[: 3 * FRAME_SAMPLES])
    gap = await src.next_frame(4)  # the client is late: silence, counted as an underrun
    assert gap is not None and is_silent(gap) and src.stats.underruns == 1
    src.push(audio[3 * FRAME_SAMPLES : 4 * FRAME_SAMPLES])
    waiting = await src.next_frame(5)
    assert waiting is not None and is_silent(waiting)  # 20 ms is under the 40 ms prebuffer
    src.push(audio[4 * FRAME_SAMPLES :])
    rest = [await src.next_frame(i) for i in (6, 7, 8)]
    np.testing.assert_array_equal(np.concatenate([f.samples for f in rest if f]), audio[3 * FRAME_SAMPLES :])


async def test_pcm16_from_48k_client_is_resampled_without_changing_pitch() -> None:
    src = LiveSource(48_000, max_buffered_ms=2000)
    audio = tone(1000, 1.0, 48_000)
    pcm = (audio * 32767).astype("<i2").tobytes()
    for i in range(0, len(pcm), 1920):  # 20 ms chunks, as a browser sends them
        src.push_pcm16(pcm[i : i + 1920])
    frames = []
    while True:
        frame = await src.next_frame(len(frames))
        if frame is None or is_silent(frame):
            break
        frames.append(frame.samples)
    out = np.concatenate(frames)
    assert abs(len(out) - 16_000) <= 2 * FRAME_SAMPLES  # one second in, one second out
    assert abs(dominant_hz(out[2000:-2000], 16_000) - 1000) < 5


@pytest.mark.parametrize(("from_hz", "to_hz"), [(16_000, 8_000), (8_000, 16_000), (48_000, 16_000),
                                             (16_000, 48_000), (44_100, 16_000), (16_000, 44_100)])
def test_streaming_resampler_matches_soxr_and_emits_every_chunk(from_hz: int, to_hz: int) -> None:
    t = np.arange(from_hz) / from_hz
    audio = (0.5 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 2500 * t)).astype(np.float32)
    rs = StreamResampler(from_hz, to_hz)
    chunk = from_hz // 50
    parts = [rs.process(audio[i : i + chunk]) for i in range(0, len(audio), chunk)]
    assert all(len(part) > 0 for part in parts[1:])  # no block buffering: output every 20 ms
    assert rs.delay_ms <= 3.0
    out = np.concatenate([*parts, rs.process(np.zeros(0, np.float32), last=True)])
    reference = soxr.resample(audio, from_hz, to_hz)
    assert len(out) == len(reference)
    err = (out - reference)[200:-200]
    snr_db = 10 * np.log10(np.mean(reference[200:-200] ** 2) / np.mean(err**2))
    assert snr_db > 60


def test_streaming_resampler_output_does_not_depend_on_chunking() -> None:
    audio = tone(440, 0.5, 48_000)
    a, b = StreamResampler(48_000, 16_000), StreamResampler(48_000, 16_000)
    whole = a.process(audio, last=True)
    sizes = [7, 960, 1, 333, 4000]
    pieces, i = [], 0
    while i < len(audio):
        n = sizes[len(pieces) % len(sizes)]
        pieces.append(b.process(audio[i : i + n]))
        i += n
    pieces.append(b.process(np.zeros(0, np.float32), last=True))
    np.testing.assert_allclose(np.concatenate(pieces), whole, atol=1e-6)


async def test_buffer_is_capped_so_latency_stays_bounded() -> None:
    src = LiveSource(16_000, max_buffered_ms=100)
    src.push(np.ones(16_000, dtype=np.float32))
    assert src.buffered_ms == 100
    assert src.stats.dropped_samples == 16_000 - 1600


async def test_closed_source_ends_the_session() -> None:
    src = LiveSource()
    src.push(np.ones(FRAME_SAMPLES * 3, dtype=np.float32))
    src.close()
    assert await src.next_frame(0) is None


def test_agent_audio_is_sent_in_chunks_and_flushed_when_the_agent_falls_silent() -> None:
    sent: list[np.ndarray] = []
    out = AgentAudioOut(sent.append, 16_000, chunk_ms=40)
    user = silence(Stream.USER, 0)
    speech = [Frame(np.full(FRAME_SAMPLES, 0.1 * (i + 1), np.float32), Stream.AGENT, i) for i in range(3)]
    out(user, silence(Stream.AGENT, 0))
    assert sent == []  # silence is never sent
    for f in speech:
        out(user, f)
    assert len(sent) == 1 and len(sent[0]) == 2 * FRAME_SAMPLES
    out(user, silence(Stream.AGENT, 3))
    assert len(sent) == 2 and len(sent[1]) == FRAME_SAMPLES
    assert out.sent_samples == 3 * FRAME_SAMPLES
    np.testing.assert_array_equal(np.concatenate(sent), np.concatenate([f.samples for f in speech]))


def test_agent_audio_at_8k_keeps_its_duration() -> None:
    sent: list[np.ndarray] = []
    out = AgentAudioOut(sent.append, 8_000)
    speech = tone(300, 1.0, 16_000)
    user = silence(Stream.USER, 0)
    for i in range(50):
        out(user, Frame(speech[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES], Stream.AGENT, i))
    for i in range(50, 60):
        out(user, silence(Stream.AGENT, i))
    total = np.concatenate(sent)
    assert abs(len(total) - 8000) <= 2 * 160  # plus at most the resampler tail: two 20 ms frames
    assert abs(dominant_hz(total, 8000) - 300) < 5
