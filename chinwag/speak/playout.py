"""The agent's output buffer, with one handle per utterance.

Every reply the agent speaks is a ``SpeechHandle``: an id, a generation number, its text and audio as
they arrive, and how much of it the caller has actually heard. The session pulls one frame per tick.
Barge-in cancels a handle at once: its queued audio is dropped in the same tick, late chunks of a
cancelled generation are ignored, and the handle reports the words that were played before the cut,
so the dialogue history holds only what was said aloud.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from chinwag.audio.frames import FRAME_SAMPLES, SAMPLE_RATE_HZ, Frame, Stream, silence

QUIET_LEVEL = 2e-3  # |sample| below about -54 dBFS: the silence between synthesized clauses


class HandleState(StrEnum):
    PENDING = "pending"  # audio may be queued but it is not released (speculative reply)
    PLAYING = "playing"
    FINISHED = "finished"
    CANCELLED = "cancelled"


@dataclass
class SpokenChunk:
    text: str
    start_sample: int  # offset within the utterance
    n_samples: int


@dataclass
class SpeechHandle:
    utterance_id: str
    generation: int
    state: HandleState = HandleState.PENDING
    released: bool = False
    complete: bool = False  # no more chunks will be added
    chunks: list[SpokenChunk] = field(default_factory=list)
    queued_samples: int = 0
    played_samples: int = 0
    first_sample_frame: int | None = None

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks).strip()

    @property
    def played_ms(self) -> float:
        return self.played_samples * 1000.0 / SAMPLE_RATE_HZ

    def playing_chunk(self) -> int | None:
        """Index of the chunk being played (the last one started, once played out), None before."""
        started = [i for i, c in enumerate(self.chunks) if c.start_sample <= self.played_samples]
        return started[-1] if started and self.played_samples > 0 else None

    def is_closing_question(self, chunk: int) -> bool:
        """Chunk ``chunk`` is the last of the utterance and asks a question ("Shall I book it?")."""
        return chunk == len(self.chunks) - 1 and self.chunks[-1].text.rstrip().endswith("?")

    def text_heard(self) -> str:
        """Words whose middle was played, estimated by character share within each chunk."""
        heard: list[str] = []
        for chunk in self.chunks:
            if chunk.start_sample >= self.played_samples:
                break
            words = chunk.text.split()
            if chunk.start_sample + chunk.n_samples <= self.played_samples:
                heard.extend(words)
                continue
            played_fraction = (self.played_samples - chunk.start_sample) / max(chunk.n_samples, 1)
            total_chars = sum(len(w) + 1 for w in words) or 1
            pos = 0
            for w in words:
                mid = (pos + (len(w) + 1) / 2) / total_chars
                if mid <= played_fraction:
                    heard.append(w)
                pos += len(w) + 1
        return " ".join(heard)


PlayoutListener = Callable[[str, SpeechHandle, int], None]  # (what, handle, frame index)


class Playout:
    """Frame-by-frame player for at most one utterance at a time (a new one replaces the old)."""

    def __init__(self, listener: PlayoutListener | None = None) -> None:
        self._listener = listener
        self._queue: deque[np.ndarray] = deque()
        self._offset = 0  # read position inside _queue[0]
        self.current: SpeechHandle | None = None
        self._generation = 0
        self.gain = 1.0  # ducking
        self.paused = False  # held mid-utterance while an interruption is judged; nothing is lost
        self._overlay: np.ndarray | None = None  # a backchannel mixed over whatever plays
        self._overlay_pos = 0

    def begin(self, utterance_id: str) -> SpeechHandle:
        if self.current is not None and self.current.state in (HandleState.PENDING, HandleState.PLAYING):
            self.cancel()
        self._generation += 1
        self.current = SpeechHandle(utterance_id, self._generation)
        self._queue.clear()
        self._offset = 0
        return self.current

    def enqueue(self, handle: SpeechHandle, audio: np.ndarray, text: str) -> bool:
        """Queue a chunk; returns False (and drops it) if the handle is stale or cancelled."""
        if handle is not self.current or handle.state is HandleState.CANCELLED:
            return False
        handle.chunks.append(SpokenChunk(text, handle.queued_samples, len(audio)))
        handle.queued_samples += len(audio)
        if len(audio):
            self._queue.append(audio.astype(np.float32, copy=False))
        return True

    def release(self, handle: SpeechHandle) -> None:
        if handle is self.current and handle.state is HandleState.PENDING:
            handle.released = True

    def mark_complete(self, handle: SpeechHandle) -> None:
        handle.complete = True

    def cancel(self) -> SpeechHandle | None:
        """Drop everything queued for the current utterance; returns it for bookkeeping."""
        handle = self.current
        self._queue.clear()
        self._offset = 0
        self.paused = False
        if handle is None or handle.state in (HandleState.FINISHED, HandleState.CANCELLED):
            return None
        handle.state = HandleState.CANCELLED
        return handle

    @property
    def is_playing(self) -> bool:
        return self.current is not None and self.current.state is HandleState.PLAYING

    @property
    def has_pending(self) -> bool:
        return self.current is not None and self.current.state in (HandleState.PENDING, HandleState.PLAYING)

    def pause(self) -> None:
        self.paused = True

    def resume(self, skip_quiet_ms: float = 0.0) -> None:
        """Carry on where it stopped. ``skip_quiet_ms``: if the cut fell in a gap between clauses, skip up
        to this much of that silence (the pause already was one; playing the rest too makes a hole)."""
        self.paused = False
        handle = self.current
        budget = int(skip_quiet_ms * SAMPLE_RATE_HZ / 1000)
        while budget > 0 and self._queue and handle is not None and handle.state is HandleState.PLAYING:
            head = self._queue[0]
            rest = head[self._offset : self._offset + budget]
            loud = np.flatnonzero(np.abs(rest) >= QUIET_LEVEL)
            skip = int(loud[0]) if loud.size else len(rest)
            self._offset += skip
            handle.played_samples += skip
            budget -= skip
            if self._offset >= len(head):
                self._queue.popleft()
                self._offset = 0
            elif loud.size:
                break

    def overlay(self, audio: np.ndarray) -> None:
        """Mix a short clip (a backchannel) over the output, starting next frame."""
        self._overlay = audio.astype(np.float32, copy=False)
        self._overlay_pos = 0

    @property
    def overlay_playing(self) -> bool:
        return self._overlay is not None

    def next_frame(self, index: int) -> Frame:
        frame = self._utterance_frame(index)
        if self._overlay is None:
            return frame
        clip = self._overlay[self._overlay_pos : self._overlay_pos + FRAME_SAMPLES]
        self._overlay_pos += FRAME_SAMPLES
        if self._overlay_pos >= len(self._overlay):
            self._overlay = None
        mixed = frame.samples.copy()
        mixed[: len(clip)] += clip
        return Frame(mixed, Stream.AGENT, index)

    @property
    def is_audible(self) -> bool:
        """The agent is making sound now (its utterance, not paused, or a backchannel)."""
        return (self.is_playing and not self.paused) or self._overlay is not None

    def _utterance_frame(self, index: int) -> Frame:
        handle = self.current
        if handle is None or not handle.released or self.paused or handle.state in (
            HandleState.FINISHED, HandleState.CANCELLED
        ):
            return silence(Stream.AGENT, index)
        if not self._queue:
            if handle.complete and handle.played_samples >= handle.queued_samples:
                if handle.state is HandleState.PLAYING:
                    handle.state = HandleState.FINISHED
                    self._notify("finished", handle, index)
                else:  # released and complete but never had audio
                    handle.state = HandleState.FINISHED
            return silence(Stream.AGENT, index)
        out = np.zeros(FRAME_SAMPLES, dtype=np.float32)
        filled = 0
        while filled < FRAME_SAMPLES and self._queue:
            head = self._queue[0]
            take = min(FRAME_SAMPLES - filled, len(head) - self._offset)
            out[filled : filled + take] = head[self._offset : self._offset + take]
            filled += take
            self._offset += take
            if self._offset >= len(head):
                self._queue.popleft()
                self._offset = 0
        if self.gain != 1.0:
            out *= self.gain
        if handle.state is HandleState.PENDING:
            handle.state = HandleState.PLAYING
            handle.first_sample_frame = index
            self._notify("started", handle, index)
        handle.played_samples += filled
        return Frame(out, Stream.AGENT, index)

    def _notify(self, what: str, handle: SpeechHandle, index: int) -> None:
        if self._listener is not None:
            self._listener(what, handle, index)

