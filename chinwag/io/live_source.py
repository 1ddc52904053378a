"""The edge between a network client's audio and the 20 ms conversation clock.

``LiveSource`` is the user side of a live call: the socket reader pushes whatever the client sends
(any rate, any chunk size, arriving with network jitter) and the session pulls exactly one 16 kHz
frame per tick. ``AgentAudioOut`` is the other direction: it collects the agent's non-silent frames
and hands them to the transport in the client's sample rate. Both resample with a streaming
resampler that carries its filter state across chunks, so chunk boundaries leave no clicks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE_HZ, Frame, Stream, is_silent, silence
from chinwag.io.stream_resampler import StreamResampler

AUDIBLE_PEAK = 1e-4  # -80 dBFS: the resampler's ringing below this is not worth a message


@dataclass
class SourceStats:
    received_samples: int = 0  # at 16 kHz, after resampling
    underruns: int = 0  # ticks that ran out of audio mid-stream and got silence
    dropped_samples: int = 0  # dropped because the buffer grew past max_buffered_ms

    def reset(self) -> None:
        self.received_samples = self.underruns = self.dropped_samples = 0


class LiveSource:
    """A ``FrameSource`` fed by a network client.

    ``push`` may be called from any thread; ``next_frame`` never waits for the network: when the
    client is late the tick gets silence (listening goes on), and when the client has hung up it
    gets ``None``, which ends the session. After running dry the source waits until
    ``prebuffer_ms`` has arrived again before playing on, so a client whose packets come in bursts
    costs one gap and a little latency, not a gap every few frames.
    """

    def __init__(self, input_rate_hz: int = SAMPLE_RATE_HZ, max_buffered_ms: int = 500,
                 prebuffer_ms: int = 40) -> None:
        self._resampler = StreamResampler(input_rate_hz, SAMPLE_RATE_HZ)
        self._max_buffered = max(FRAME_SAMPLES, max_buffered_ms * SAMPLE_RATE_HZ // 1000)
        self._chunks: list[np.ndarray] = []
        self._buffered = 0
        self._lock = threading.Lock()
        self._closed = False
        self._prebuffer = prebuffer_ms * SAMPLE_RATE_HZ // 1000
        self._primed = False  # enough buffered to play on since the last time it ran dry
        self.stats = SourceStats()

    @property
    def input_rate_hz(self) -> int:
        return self._resampler.from_hz

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def buffered_ms(self) -> float:
        return self._buffered * 1000 / SAMPLE_RATE_HZ

    def push(self, audio: np.ndarray) -> None:
        """Add float32 mono samples at ``input_rate_hz``."""
        samples = self._resampler.process(audio)
        if samples.size == 0 or self._closed:
            return
        with self._lock:
            self._chunks.append(samples)
            self._buffered += samples.size
            self.stats.received_samples += samples.size
            excess = self._buffered - self._max_buffered
            if excess > 0:  # the client sent faster than real time: keep latency bounded
                joined = np.concatenate(self._chunks)[excess:]
                self._chunks = [joined]
                self._buffered = joined.size
                self.stats.dropped_samples += excess

    def push_pcm16(self, data: bytes) -> None:
        if len(data) % 2:
            raise ValueError("PCM16 data must have an even number of bytes (2 per sample)")
        self.push(np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0)

    def close(self) -> None:
        self._closed = True

    def _take_frame(self) -> np.ndarray | None:
        with self._lock:
            if not self._primed and self._buffered >= max(FRAME_SAMPLES, self._prebuffer):
                self._primed = True
            if not self._primed:
                return None
            if self._buffered < FRAME_SAMPLES:
                self._primed = False
                self.stats.underruns += 1
                return None
            joined = np.concatenate(self._chunks) if len(self._chunks) > 1 else self._chunks[0]
            frame, rest = joined[:FRAME_SAMPLES], joined[FRAME_SAMPLES:]
            self._chunks = [rest] if rest.size else []
            self._buffered = rest.size
            return frame.copy()

    async def next_frame(self, index: int) -> Frame | None:
        if self._closed:
            return None
        samples = self._take_frame()
        if samples is None:
            return silence(Stream.USER, index)
        return Frame(samples, Stream.USER, index)


class AgentAudioOut:
    """A session sink that sends the agent's speech to the client and nothing while it is silent.

    Audio goes out in chunks of ``chunk_ms`` (fewer, larger messages) and at once when the agent
    falls silent, so the tail of an utterance is never held back. ``sent_samples`` counts samples
    at the output rate: the client's playback position is measured against it.
    """

    def __init__(self, send: Callable[[np.ndarray], None], output_rate_hz: int = SAMPLE_RATE_HZ,
                 chunk_ms: int = 40) -> None:
        self._send = send
        self._resampler = StreamResampler(SAMPLE_RATE_HZ, output_rate_hz)
        self._chunk_frames = max(1, chunk_ms // FRAME_MS)
        self._pending: list[np.ndarray] = []
        self.sent_samples = 0
        self.output_rate_hz = output_rate_hz

    def __call__(self, user: Frame, agent: Frame) -> None:
        if is_silent(agent):
            if self._resampler.from_hz != self._resampler.to_hz:
                # keep the filter running so the utterance's last samples come out of it
                tail = self._resampler.process(agent.samples)
                if tail.size and float(np.abs(tail).max()) > AUDIBLE_PEAK:
                    self._pending.append(tail)
            self.flush()
            return
        self._pending.append(self._resampler.process(agent.samples))
        if len(self._pending) >= self._chunk_frames:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        audio = np.concatenate(self._pending)
        self._pending.clear()
        if audio.size:
            self.sent_samples += audio.size
            self._send(audio)

    def drop_pending(self) -> None:
        """Barge-in: what is not yet sent is never sent."""
        self._pending.clear()
