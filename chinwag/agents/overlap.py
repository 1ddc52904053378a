"""What the agent does when the caller makes a sound while it is speaking.

Stop first, decide after: user speech over the agent's voice pauses it at once (acoustic evidence,
so a real interruption is never talked over), and the ``InterruptionJudge`` then makes the stop final
(barge-in: the reply is dropped, the history keeps only the words played, marked interrupted) or
resumes the utterance where it stopped (a cough, a door, a backchannel).

A backchannel must not cost the agent the floor, so its pause has to be short: the burst is
transcribed while it is still going on, and as soon as its words are plain acknowledgements ("mm-hmm",
"yeah", "okay, yes") the agent resumes *over* the rest of it, as people do. It stays on guard until
the burst ends: if the words turn into something else ("yeah, but wait") or the burst runs long, it
stops again and the judge takes over.

Hums ("mhm", "mm-hmm") are the one backchannel Whisper's words miss ("and make it"), so for them the
murmur probe (``chinwag.floor.murmur_probe``) reads the first 160 ms of the burst from Whisper's
encoder: a hum lets the agent resume over the rest at once, on a looser guard (``turns_after_murmur``)
since the words that follow are garbled anyway.

Written as a mixin over the agent's own state (playout, speech tracker, transcriber, events) so any
architecture with those parts gets the same behaviour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chinwag.agents.overlap_murmur import BurstOnset, read_murmur
from chinwag.agents.reply import TurnTiming, speak_text
from chinwag.agents.turn_jobs import CutReply, ReplyJob
from chinwag.agents.user_speech import PRE_ROLL_FRAMES, SpeechUpdate
from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES
from chinwag.events import EventKind
from chinwag.floor.interruption import (
    Verdict,
    acknowledges_only,
    is_backchannel_text,
    is_plain_backchannel,
    turns_after_murmur,
)
from chinwag.listen.heard import mean_probability
from chinwag.listen.incremental import IncrementalTranscriber
from chinwag.speak.playout import SpeechHandle
from chinwag.think.llm import ChatMessage

if TYPE_CHECKING:
    from chinwag.agents.base import AgentContext
    from chinwag.agents.floor_parts import FloorParts
    from chinwag.agents.reply import ReplyParts
    from chinwag.agents.turn_jobs import TaskTracker, TranscriberFactory
    from chinwag.agents.user_speech import UserSpeechTracker
    from chinwag.speak.playout import Playout

    class _AgentState:
        """What the mixin uses of the agent it is mixed into (``CascadedAgent`` sets all of it up).

        A base class for the type checker only; at run time the mixin stands on ``object``. A plain
        class, not a ``Protocol``: mypy takes an attribute the mixin assigns in an explicit subclass
        of a protocol as a new definition (``self._live = None`` would make ``_live`` ``None``)."""

        speech: UserSpeechTracker
        transcriber: IncrementalTranscriber
        _new_transcriber: TranscriberFactory
        parts: ReplyParts
        floor: FloorParts
        playout: Playout
        history: list[ChatMessage]
        _live: ReplyJob | None
        _tasks: TaskTracker
        _turn_no: int
        _turn_speech_ms: float
        _answer_over_question: tuple[str, int] | None  # (words, index of the clause said over)

        def _require_ctx(self) -> AgentContext: ...

    _Base = _AgentState
else:
    _Base = object

# Transcribe a burst over the agent once it has lasted this long. Session 20: at 200 ms the first
# read of a Piper "Excuse me, ..." was "Thanks." (louvred, three cases), the agent resumed over it and
# stopped again 0.2 s later (stop latency 0.48 s); from 350 ms the first read has the word's whole
# first syllable. Louvred's stop p95 0.496 -> 0.200 s, user backchannel* 0.55 -> 0.50; thatched
# (not used to choose it) stop p95 0.137 -> 0.088 s, the rest as before; dev and held-out unchanged
# (stop p95 0.088 s, user backchannel* 0 / 0.133). A shorter acknowledgement ends before the read
# and is judged on its words at its end, as before.
EARLY_WORDS_MS = 350.0
ACKNOWLEDGED_MAX_MS = 1500.0  # an acknowledgement longer than this is a turn after all
RESUME_SKIP_QUIET_MS = 400.0  # resuming inside a gap between clauses skips (up to) the rest of it
ACKNOWLEDGED_END_MS = 300.0  # this much quiet ends the acknowledged burst ("okay, | yes" is one)
# While the agent waits on a burst, its words are re-read this often (tiny.en takes ~60-100 ms for a
# second of audio; at most one decode runs at a time), not every 600 ms as within a turn: a murmur
# over the agent is usually over in 0.4-0.8 s, and each re-read is a chance to resume over it.
BURST_REDECODE_MS = 200.0


class OverlapHandling(_Base):
    """Mixin: barge-in, false-interruption recovery and early resume over backchannels."""

    _acknowledged_ms: float | None = None  # speech so far of a burst the agent resumed over
    _cut_reply: CutReply | None = None  # what the last barge-in stopped the agent from saying
    _barge_in_turn: int | None = None  # the caller's turn that the last barge-in began
    _burst_read: object | None = None  # the last partial of a burst the judge was given
    _burst_onset: BurstOnset | None = None  # the burst being judged, for the murmur probe
    _resumed_on_sound = False  # the agent resumed over the current burst on the murmur probe's word
    _acknowledged_read: object | None = None  # the partial whose words the agent resumed over

    def _suspect_interruption(self) -> None:
        """Stop on acoustic evidence at once; the judge decides barge-in vs resume."""
        ctx = self._require_ctx()
        self.playout.pause()
        self._burst_onset = None
        fresh = self._acknowledged_ms is None and self.speech.turn_samples <= (PRE_ROLL_FRAMES + 1) * FRAME_SAMPLES
        if self.floor.murmur_probe is not None and fresh:  # a new burst, its onset in the turn audio
            self._burst_onset = BurstOnset.at_open(self.speech.turn_samples,
                                                   self.speech.segmenter.config.min_speech_ms)
        speech_ms = max(FRAME_MS, self._acknowledged_ms or 0.0)
        self._end_acknowledged()
        self.floor.judge.start(ctx.clock.now_ms(), speech_ms_so_far=speech_ms)
        handle = self.playout.current
        ctx.event(EventKind.INTERRUPTION_SUSPECTED, stream="user",
                  utterance_id=handle.utterance_id if handle else None,
                  played_ms=round(handle.played_ms, 1) if handle else 0.0)

    def _judge(self, update: SpeechUpdate, voiced: bool = False) -> None:
        """``voiced``: the frame had a pitch (a voice rather than a cough or a door)."""
        ctx = self._require_ctx()
        judge = self.floor.judge
        verdict = judge.on_frame(ctx.clock.now_ms(), update.in_speech, update.quiet_for_ms, FRAME_MS, voiced)
        if verdict is Verdict.PENDING:
            self._ask_murmur_probe()
        if verdict is Verdict.BARGE_IN:
            self._barge_in()
        elif verdict is Verdict.RESUME:
            words = judge.state.words.strip()
            self._resume(kind="backchannel" if words else "noise", text=words)
        elif verdict is Verdict.NEED_WORDS:
            self._tasks.spawn(self._judge_words(self.transcriber, self.speech.turn_audio(),
                                                self.speech.speech_end_sample))
        elif update.quiet_ms == 0.0 and judge.state.speech_ms >= EARLY_WORDS_MS:
            self._transcribe_burst()
            partial = self.transcriber.partial
            if partial is None or partial is self._burst_read:
                return
            self._burst_read = partial
            if judge.on_partial_words(partial.text, mean_probability(partial.words)):
                speech_ms = judge.state.speech_ms
                judge.reset()
                self._resume_over(partial.text, speech_ms)

    def _ask_murmur_probe(self) -> None:
        """Once per burst, as soon as the turn audio holds the probe's window: read it off the loop."""
        onset = self._burst_onset
        if onset is None or not onset.ready(self.speech.turn_samples):
            return
        onset.asked = True
        self._tasks.spawn(self._read_murmur(onset, self.speech.turn_audio()))

    async def _read_murmur(self, onset: BurstOnset, audio: np.ndarray) -> None:
        probe = self.floor.murmur_probe
        if probe is None:
            return
        logit = await read_murmur(probe, self.transcriber.recognizer, audio, onset.onset_sample)
        judge = self.floor.judge
        if not probe.is_murmur(logit) or self._burst_onset is not onset or not judge.active:
            return  # not a hum, or the burst was decided (or another began) meanwhile
        speech_ms = judge.state.speech_ms
        judge.reset()
        self._resume_over("", speech_ms, sound=True)
        self._resumed_on_sound = True

    def _transcribe_burst(self) -> None:
        first = self.transcriber.partial is None
        self.transcriber.schedule(self.speech.turn_samples, self.speech.turn_audio, force=first,
                                  every_ms=BURST_REDECODE_MS)

    def _resume_over(self, text: str, speech_ms: float, sound: bool = False) -> None:
        """The burst is an acknowledgement: carry on talking over its tail, but keep listening.
        ``sound``: the murmur probe heard a hum, no words were read."""
        ctx = self._require_ctx()
        self.playout.resume(skip_quiet_ms=RESUME_SKIP_QUIET_MS)
        self._acknowledged_ms = max(speech_ms, FRAME_MS)
        self._acknowledged_read = self.transcriber.partial if text.strip() else None
        ctx.event(EventKind.INTERRUPTION_RESUMED, stream="user", kind="backchannel", text=text, early=True,
                  sound=sound)
        ctx.event(EventKind.BACKCHANNEL, stream="user", text=text)
        self._note_acknowledgement(text.strip())

    def _end_acknowledged(self) -> None:
        """No burst is being resumed over any more (it ended, or it stopped the agent)."""
        self._acknowledged_ms = None
        self._resumed_on_sound = False
        self._acknowledged_read = None  # lets the burst's transcript (and its encoder states) go

    def _follow_acknowledged(self, update: SpeechUpdate) -> None:
        """The rest of a burst the agent resumed over: it ends quietly, or it becomes a turn."""
        assert self._acknowledged_ms is not None
        if update.quiet_ms > 0.0:
            if update.quiet_for_ms >= ACKNOWLEDGED_END_MS:
                self._end_acknowledged()
                self._forget_burst()
            return
        self._acknowledged_ms += FRAME_MS
        self._transcribe_burst()
        partial = self.transcriber.partial
        # the looser test here: Whisper spells the tail of a murmur oddly ("Mm-hmm" -> "In memory"),
        # and looser still after a hum the probe heard (its words are garbled from the start)
        turned = partial is not None and (turns_after_murmur(partial.text) if self._resumed_on_sound
                                          else not is_backchannel_text(partial.text))
        # Words read, then a longer decode of the same burst drops them all (Whisper's no-speech
        # filter): the recogniser lost a voice it had heard, not a sign that the caller only
        # acknowledged. Seen in session 17: "Er, sorry, one quick thing" read "Yeah.", then five
        # empty decodes, and the agent talked over the caller until the 1.5 s cap.
        lost = (self._acknowledged_read is not None and partial is not None
                and partial is not self._acknowledged_read and not partial.text.strip())
        if turned or lost or self._acknowledged_ms >= ACKNOWLEDGED_MAX_MS:
            self._answer_over_question = None
            if self.playout.is_playing:
                self._suspect_interruption()
            else:
                self._acknowledged_ms = None  # the agent finished meanwhile: an ordinary turn

    async def _judge_words(self, transcriber: IncrementalTranscriber, audio: np.ndarray,
                           speech_end_sample: int) -> None:
        transcript = await transcriber.finalize(audio, speech_end_sample)
        verdict = self.floor.judge.on_words(transcript.text, mean_probability(transcript.words))
        if verdict is Verdict.BARGE_IN:
            self._barge_in()
        elif verdict is Verdict.RESUME:
            self._resume(kind="backchannel" if transcript.text.strip() else "noise", text=transcript.text)

    def _resume(self, kind: str, text: str) -> None:
        ctx = self._require_ctx()
        self.playout.resume(skip_quiet_ms=RESUME_SKIP_QUIET_MS)
        self._forget_burst()
        ctx.event(EventKind.INTERRUPTION_RESUMED, stream="user", kind=kind, text=text)
        if kind == "backchannel":
            ctx.event(EventKind.BACKCHANNEL, stream="user", text=text)
            # only a plain "yes"/"okay" can answer the question being asked; "In memory" cannot
            self._note_acknowledgement(text.strip() if is_plain_backchannel(text) else "")

    def _note_acknowledgement(self, text: str) -> None:
        """Keep a "yes" said over the agent with the clause it was said over: it answers the question
        only if that clause is the question the utterance ends on ("Yes." over "...shall I book
        it?"), not an earlier sentence ("Ah, right." over the directions before "Can I book a table
        for you?")."""
        handle = self.playout.current
        chunk = handle.playing_chunk() if handle is not None else None
        self._answer_over_question = (text, chunk) if text and chunk is not None else None

    def _forget_burst(self) -> None:
        """The burst was not a turn: drop its audio and words."""
        self.speech.take_turn(dismiss_rest=True)
        self.transcriber = self._new_transcriber()
        self._turn_speech_ms = 0.0

    def _withdraw_live(self) -> None:
        """Take back a reply the caller talked on over before it got going (nothing, or a word, was
        heard): "What's on the menu, | and when are you open?" is one turn, answered once, whole."""
        live, self._live = self._live, None
        assert live is not None
        live.task.cancel()
        handle = self.playout.cancel() or live.handle
        self._take_back(live)
        self._turn_no -= 1
        self._require_ctx().event(EventKind.UTTERANCE_TRUNCATED, utterance_id=handle.utterance_id,
                                  text=handle.text, text_heard=handle.text_heard(),
                                  played_ms=round(handle.played_ms, 1), reason="user went on")

    def _take_back(self, job: ReplyJob) -> None:
        """As if the reply had never been decided: dialogue state and history as before it."""
        if job.taken_back or job.history_len is None:
            return
        job.taken_back = True
        self.parts.flow = job.flow_before
        del self.history[job.history_len:]

    def _barge_in(self) -> None:
        ctx = self._require_ctx()
        self.floor.judge.reset()
        self._end_acknowledged()
        live, self._live = self._live, None
        if live is not None:
            live.task.cancel()
        handle = self.playout.cancel()
        if handle is None or not handle.played_samples:
            return
        ctx.event(EventKind.BARGE_IN, stream="user", utterance_id=handle.utterance_id,
                  played_ms=round(handle.played_ms, 1))
        self._record_truncation(handle, reason="barge-in")
        if handle.utterance_id != "greeting":  # talking over the greeting is how calls begin, not a bid
            self._barge_in_turn = self._turn_no + 1
        cut_at = handle.playing_chunk()
        rest = tuple(c.text for c in handle.chunks[cut_at:] if c.text.strip()) if cut_at is not None else ()
        self._cut_reply = CutReply(rest, self._turn_no + 1) if rest else None

    def _resume_after_acknowledgement(self, handle: SpeechHandle, turn: int, text: str,
                                      confidence: float | None) -> tuple[str, ...] | None:
        """The rest of the reply a barge-in cut, if the turn that cut it (``turn``) only acknowledged
        it: a slow "mm, lovely" runs past the judge's limit and stops the agent, but answering it as
        a question would drop what the caller was listening to."""
        cut = self._cut_reply
        if cut is None or cut.next_turn != turn:
            return None
        if not acknowledges_only(text, confidence, self.floor.judge.settings.murmur_confidence):
            return None
        self._require_ctx().event(EventKind.INTERRUPTION_RESUMED, stream="user", kind="after acknowledgement",
                                  text=text, utterance_id=handle.utterance_id)
        return cut.rest

    async def _say_rest(self, handle: SpeechHandle, rest: tuple[str, ...], timing: TurnTiming) -> None:
        """Speak the clauses of a cut reply again, as the reply to the acknowledgement."""
        for clause in rest:
            await speak_text(self._require_ctx(), self.parts, self.playout, handle, clause, timing)
        self.playout.mark_complete(handle)

    def _record_truncation(self, handle: SpeechHandle, reason: str) -> None:
        heard = handle.text_heard()
        self._require_ctx().event(EventKind.UTTERANCE_TRUNCATED, utterance_id=handle.utterance_id,
                                  text=handle.text, text_heard=heard, played_ms=round(handle.played_ms, 1),
                                  reason=reason)
        if heard:
            self.history.append(ChatMessage("assistant", heard + " ..."))
