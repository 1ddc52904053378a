"""The cascaded agent's turn-taking on the virtual clock, with scripted fakes for the models."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from chinwag.agents.cascaded import CascadedAgent
from chinwag.agents.floor_parts import FloorParts, TurnSettings
from chinwag.agents.reply import ReplyParts, ReplySettings
from chinwag.agents.user_speech import UserSpeechTracker
from chinwag.audio.io import LoadedAudio
from chinwag.conversation import run_conversation
from chinwag.events import EventKind
from chinwag.floor.backchannel import BackchannelSettings
from chinwag.floor.end_of_turn import VadSilenceBaseline
from chinwag.listen.incremental import IncrementalTranscriber
from chinwag.listen.segmenter import SpeechSegmenter
from chinwag.listen.types import Transcript, Word
from chinwag.think.flow import create_flow
from chinwag.think.guardrails import GuardrailPolicy
from chinwag.think.llm import NoLanguageModel
from tests.fakes.agent_parts import FakeEnergyVad, FakeRecognizer, FakeToneSynth

SR = 16000


def caller(*segments: tuple[str, float]) -> LoadedAudio:
    """('talk'|'quiet', seconds) pieces; talk is loud noise, which the fake VAD calls speech."""
    rng = np.random.default_rng(0)
    parts = []
    for kind, seconds in segments:
        n = int(seconds * SR)
        noise = 0.2 * rng.standard_normal(n).astype(np.float32)
        parts.append(noise if kind == "talk" else np.zeros(n, np.float32))
    return LoadedAudio(np.concatenate(parts), SR, 1)


def make_agent(texts: list[str], greet: bool = False, end_ms: float = 500,
               recognizer_type: type[FakeRecognizer] = FakeRecognizer) -> tuple[CascadedAgent, FakeToneSynth]:
    synth = FakeToneSynth()
    recognizer = recognizer_type(texts)
    parts = ReplyParts(create_flow("restaurant"), NoLanguageModel(), synth, GuardrailPolicy.load(),
                       ReplySettings(system_prompt="test"))
    floor = FloorParts(VadSilenceBaseline(end_ms), None,
                       TurnSettings(preempt_ms=min(200, end_ms - 40), min_end_of_turn_ms=min(250, end_ms),
                                    max_end_of_turn_ms=end_ms,
                                    greet=greet),
                       backchannel=BackchannelSettings(enabled=False))
    agent = CascadedAgent(UserSpeechTracker(FakeEnergyVad(), SpeechSegmenter()),
                          lambda: IncrementalTranscriber(recognizer), parts, floor)
    return agent, synth


def agent_active_ms(stereo: np.ndarray) -> list[float]:
    frames = stereo[: len(stereo) // 320 * 320, 1].reshape(-1, 320)
    return [i * 20.0 for i, f in enumerate(frames) if np.abs(f).max() > 0.01]


async def test_answers_after_end_of_turn_and_not_before() -> None:
    agent, synth = make_agent(["What time do you open on Saturday?"])
    result = await run_conversation(agent, caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 4.0)), fast=True)
    active = agent_active_ms(result.stereo)
    assert active, "the agent never spoke"
    speech_end_ms = 2000.0
    # released at the end-of-turn commit: 500 ms of silence counted from where the sound stopped (the
    # fake VAD's own end lags it by a frame), never before
    assert speech_end_ms + 480 <= active[0] <= speech_end_ms + 600
    finals = [e for e in result.events if e.kind is EventKind.TRANSCRIPT_FINAL]
    assert [e.data["text"] for e in finals] == ["What time do you open on Saturday?"]
    assert any("saturday" in t.lower() for t in synth.texts)  # the flow answered the hours question
    v2v = [e for e in result.events if e.kind is EventKind.LATENCY and e.data["stage"] == "voice_to_voice"]
    assert len(v2v) == 1
    # the turn end says how long the silence was when the gate decided (the hold model's reading is
    # None here: these fakes have no hold model)
    (end,) = [e for e in result.events if e.kind is EventKind.TURN_END]
    assert 480 <= end.data["pause_ms"] <= 600
    assert end.data["hold_logit"] is None
    assert "last_word_probability" in end.data  # what the hold model would read of Whisper's doubt


async def test_user_resuming_after_a_short_pause_is_one_turn() -> None:
    agent, _ = make_agent(["I'd like a table for four", "unused"])
    audio = caller(("quiet", 0.5), ("talk", 1.0), ("quiet", 0.35), ("talk", 1.0), ("quiet", 3.0))
    result = await run_conversation(agent, audio, fast=True)
    active = agent_active_ms(result.stereo)
    assert active and active[0] >= 2850 + 480  # nothing was played during the 350 ms pause
    ends = [e for e in result.events if e.kind is EventKind.TURN_END]
    assert len(ends) == 1


async def test_barge_in_stops_agent_and_keeps_only_heard_words() -> None:
    agent, _ = make_agent(["Do you have vegetarian dishes?", "stop"])
    # The reply starts at ~2.5 s; the caller talks over it from 3.5 s.
    audio = caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 1.5), ("talk", 1.0), ("quiet", 1.0))
    result = await run_conversation(agent, audio, fast=True)
    barge = [e for e in result.events if e.kind is EventKind.BARGE_IN]
    assert len(barge) == 1
    active = agent_active_ms(result.stereo)
    during_overlap = [t for t in active if 3500 <= t < 4500]
    assert during_overlap and max(during_overlap) <= 3500 + 150  # silent within 150 ms of the onset
    truncated = [e for e in result.events if e.kind is EventKind.UTTERANCE_TRUNCATED and e.data["played_ms"]]
    assert truncated
    heard, full = truncated[0].data["text_heard"], truncated[0].data["text"]
    assert heard and full.startswith(heard.split()[0]) and len(heard) < len(full)
    assert any(m.role == "assistant" and m.content.startswith(heard) for m in agent.history)


@pytest.mark.parametrize("greet", [True])
async def test_greeting_plays_at_start(greet: bool) -> None:
    agent, synth = make_agent([], greet=greet)
    result = await run_conversation(agent, caller(("quiet", 3.0)), fast=True)
    assert agent_active_ms(result.stereo)[0] < 100
    assert synth.texts and "Copper Kettle" in synth.texts[0]


@pytest.mark.parametrize(("burst_text", "expect_resume"), [("", True), ("Mm-hmm.", True), ("Yeah.", True),
                                                           ("Wait.", False)])
async def test_short_burst_over_the_agent_resumes_unless_it_has_words(burst_text: str,
                                                                       expect_resume: bool) -> None:
    agent, _ = make_agent(["Tell me about the restaurant and the menu please.", burst_text, "unused"])
    # Reply starts at ~2.5 s; a 300 ms burst at 3.2 s (a cough, a backchannel, or "wait").
    audio = caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 1.2), ("talk", 0.3), ("quiet", 6.0))
    result = await run_conversation(agent, audio, fast=True)
    kinds = [e.kind for e in result.events]
    assert EventKind.INTERRUPTION_SUSPECTED in kinds
    active = agent_active_ms(result.stereo)
    assert not [t for t in active if 3300 <= t < 3400]  # paused on the acoustic onset
    if expect_resume:
        assert EventKind.BARGE_IN not in kinds
        resumed = [e for e in result.events if e.kind is EventKind.INTERRUPTION_RESUMED]
        assert resumed and resumed[0].data["kind"] == ("backchannel" if burst_text else "noise")
        assert [t for t in active if t > 3700]  # it went on speaking after the burst
        finished = [e for e in result.events if e.kind is EventKind.UTTERANCE_FINISHED
                    and e.data["utterance_id"] == "turn-1"]
        assert finished  # the whole reply was played, from where it was cut, not restarted
    else:
        assert EventKind.BARGE_IN in kinds


@pytest.mark.parametrize(("quiet_s", "answers"), [(1.2, False), (6.0, True)])
async def test_a_yes_over_the_agent_answers_only_the_question_it_was_said_over(quiet_s: float,
                                                                               answers: bool) -> None:
    agent, synth = make_agent(["Where are you, and where do I park?", "Yes.", "unused", "unused"])
    # The directions play from ~2.5 s for ~5 s, then "Can I book a table for you?" from ~7.5 s; the
    # caller says "Yes." over the first clause (3.2 s) or over the question (8.0 s).
    audio = caller(("quiet", 0.5), ("talk", 1.5), ("quiet", quiet_s), ("talk", 0.3), ("quiet", 12.0))
    result = await run_conversation(agent, audio, fast=True)
    assert synth.texts[-1].endswith("Can I book a table for you?") or answers
    resumed = [e for e in result.events if e.kind is EventKind.INTERRUPTION_RESUMED]
    assert resumed and resumed[0].data["text"] == "Yes."
    asked_party_size = any("how many people" in t.lower() for t in synth.texts)
    assert asked_party_size == answers


@pytest.mark.parametrize(("heard", "goes_on"), [("Oh, I see.", True), ("Do you have parking?", False)])
async def test_after_a_barge_in_that_only_acknowledged_the_agent_goes_on_from_the_cut_clause(
        heard: str, goes_on: bool) -> None:
    agent, synth = make_agent(["Where are you, and where do I park?", heard, "unused", "unused"])
    # The directions play from ~2.5 s; 1.7 s of speech over them from 3.2 s is long enough to stop
    # the agent for good (a barge-in), whatever it turns out to say.
    audio = caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 1.2), ("talk", 1.7), ("quiet", 12.0))
    result = await run_conversation(agent, audio, fast=True)
    assert [e for e in result.events if e.kind is EventKind.BARGE_IN]
    cut = next(e for e in result.events if e.kind is EventKind.UTTERANCE_TRUNCATED)
    resumed = [e for e in result.events if e.kind is EventKind.INTERRUPTION_RESUMED
               and e.data["kind"] == "after acknowledgement"]
    assert bool(resumed) == goes_on
    second = synth.texts[4:]
    if goes_on:  # the cut clause again, then the rest, as the reply to "Oh, I see."
        assert cut.data["text_heard"] == "We're at 14"
        assert second == ["We're at 14 Mill Lane,", "by the old stone bridge,",
                          "with free parking behind the building.", "Can I book a table for you?"]
        assert [m.content for m in agent.history if m.role == "user"][-1] == heard
    else:
        assert second and not resumed


async def test_a_turn_with_nothing_to_answer_is_closed_once() -> None:
    # Noise that the VAD took for speech, recognised as nothing: no reply, and no re-commit every frame.
    agent, synth = make_agent(["", "What time do you open on Saturday?"])
    audio = caller(("quiet", 0.5), ("talk", 0.6), ("quiet", 2.0), ("talk", 1.2), ("quiet", 3.0))
    result = await run_conversation(agent, audio, fast=True)
    ends = [e for e in result.events if e.kind is EventKind.TURN_END]
    assert len(ends) == 2
    assert any("saturday" in t.lower() for t in synth.texts)


class GrowingQuestionRecognizer:
    """Fake recogniser: the first part of the question, or all of it once the audio holds both parts."""

    capabilities = FakeRecognizer.capabilities

    def transcribe(self, audio: np.ndarray) -> Transcript:
        whole = "What's on the menu, and when are you open on Saturday?"
        text = "What's on the menu" if len(audio) < 2.0 * SR else whole
        return Transcript(text, [Word(w, i * 300.0, i * 300.0 + 250.0) for i, w in enumerate(text.split())])


async def test_caller_going_on_just_after_an_early_commit_makes_one_turn() -> None:
    # The agent commits in a 280 ms pause inside the question and starts answering; the caller goes on
    # within the merge window: the reply is withdrawn and the whole question is answered once.
    agent, synth = make_agent([], end_ms=240)
    recognizer = GrowingQuestionRecognizer()
    agent._new_transcriber = lambda: IncrementalTranscriber(recognizer)
    agent.transcriber = agent._new_transcriber()
    audio = caller(("quiet", 0.5), ("talk", 1.0), ("quiet", 0.28), ("talk", 1.5), ("quiet", 4.0))
    result = await run_conversation(agent, audio, fast=True)
    finals = [e.data["text"] for e in result.events if e.kind is EventKind.TRANSCRIPT_FINAL]
    assert finals and finals[-1].endswith("Saturday?")
    withdrawn = [e for e in result.events if e.kind is EventKind.UTTERANCE_TRUNCATED
                 and e.data["reason"] == "user went on"]
    assert withdrawn and withdrawn[0].data["played_ms"] < 500
    assert any("saturday" in t.lower() for t in synth.texts)
    users = [m.content for m in agent.history if m.role == "user"]
    assert users == [finals[-1]]  # the withdrawn half-question left no trace in the history


class UnsureRecognizer:
    """Fake recogniser: one fixed text whose words all carry the given probability."""

    capabilities = FakeRecognizer.capabilities

    def __init__(self, probability: float) -> None:
        self.probability = probability

    def transcribe(self, audio: np.ndarray) -> Transcript:
        text = "can you check when an attack I've written the"
        return Transcript(text, [Word(w, i * 300.0, i * 300.0 + 250.0, self.probability)
                                 for i, w in enumerate(text.split())])


@pytest.mark.parametrize(("probability", "cap_ms"), [(0.3, 1500), (0.9, 3000)])
async def test_words_the_recogniser_was_unsure_of_are_held_for_a_shorter_cap(probability: float,
                                                                              cap_ms: float) -> None:
    # The predictor never calls the turn over (a language-model veto on garbled words): only the
    # cap ends it, and it is shorter when the recogniser was unsure of what it heard.
    agent, _ = make_agent([], end_ms=10_000)
    agent.turn.max_end_of_turn_ms, agent.turn.unsure_max_end_of_turn_ms = 3000, 1500
    recognizer = UnsureRecognizer(probability)
    agent._new_transcriber = lambda: IncrementalTranscriber(recognizer)
    agent.transcriber = agent._new_transcriber()
    result = await run_conversation(agent, caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 4.5)), fast=True)
    ends = [e for e in result.events if e.kind is EventKind.TURN_END]
    assert len(ends) == 1
    waited_ms = ends[0].t_ms - 2000.0
    assert cap_ms - 40 <= waited_ms <= cap_ms + 150  # counted from where the sound stopped
    assert ends[0].data["reason"] == ("unsure words cap" if cap_ms < 3000 else "cap")


@pytest.mark.parametrize(("greet", "cut_in"), [(True, False), (False, True)])
async def test_a_turn_that_cut_the_agent_off_is_marked_but_not_one_over_the_greeting(greet: bool,
                                                                                     cut_in: bool) -> None:
    """Callers start talking over the greeting; only cutting off a reply makes the next turn a bid
    (no tail-probe hold, the shorter cut-in cap)."""
    texts = ["Tell me about the restaurant and the menu please.", "Do you have parking nearby?", "unused"]
    agent, _ = make_agent(texts, greet=greet)
    if greet:  # 1.7 s of speech over the greeting, then quiet
        audio = caller(("quiet", 0.5), ("talk", 1.7), ("quiet", 6.0))
    else:  # a question, then 1.7 s of speech over the reply (from ~2.5 s): long enough to stop it for good
        audio = caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 1.2), ("talk", 1.7), ("quiet", 6.0))
    result = await run_conversation(agent, audio, fast=True)
    assert [e for e in result.events if e.kind is EventKind.BARGE_IN]
    ends = [e for e in result.events if e.kind is EventKind.TURN_END]
    assert ends[-1].data["cut_in"] is cut_in


class FakeRecognizerThatLosesTheBurst(FakeRecognizer):
    """Hears "Yeah." in the first half second of the burst, then nothing as it goes on (Whisper's
    no-speech filter dropping a voice it had read: "Er, sorry, one quick thing" in session 17)."""

    def transcribe(self, audio: np.ndarray) -> Transcript:
        heard = super().transcribe(audio)
        return Transcript("", [], compute_ms=1.0) if heard.text == "Yeah." and len(audio) > 0.7 * SR else heard


async def test_a_burst_whose_words_the_recogniser_loses_stops_the_agent_again_before_the_cap() -> None:
    agent, _ = make_agent(["Tell me about the restaurant and the menu please.", "Yeah.", "unused"],
                          recognizer_type=FakeRecognizerThatLosesTheBurst)
    audio = caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 1.2), ("talk", 1.6), ("quiet", 6.0))
    result = await run_conversation(agent, audio, fast=True)
    events = [(e.t_ms, e.kind) for e in result.events]
    resumed = [t for t, k in events if k is EventKind.INTERRUPTION_RESUMED]
    assert resumed, "the burst's first words read as an acknowledgement"
    again = [t for t, k in events if k is EventKind.INTERRUPTION_SUSPECTED and t > resumed[0]]
    assert again and again[0] - 3200 < 1100  # not at the 1.5 s cap



class SlowFinalTranscriber(IncrementalTranscriber):
    """Fake hold-up: the turn's final transcript takes ``delay_s`` of wall-clock time (a stuck or
    overloaded recogniser; the virtual clock lets no partial decode be in flight at the commit)."""

    delay_s = 0.6

    async def finalize(self, audio: np.ndarray, speech_end_sample: int | None = None) -> Transcript:
        await asyncio.sleep(self.delay_s)
        return await super().finalize(audio, speech_end_sample)


@pytest.mark.parametrize("timeout_s", [0.15, 10.0])
async def test_a_final_decode_past_the_time_limit_ends_in_an_apology_not_silence(timeout_s: float) -> None:
    agent, synth = make_agent(["What time do you open on Saturday?"])
    recognizer = FakeRecognizer(["What time do you open on Saturday?"])
    agent._new_transcriber = lambda: SlowFinalTranscriber(recognizer)
    agent.transcriber = agent._new_transcriber()
    agent.parts.settings.asr_timeout_s = timeout_s
    result = await run_conversation(agent, caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 4.0)), fast=True)
    errors = [e for e in result.events if e.kind is EventKind.ERROR and e.data.get("where") == "asr"]
    if timeout_s < SlowFinalTranscriber.delay_s:
        assert len(errors) == 1 and "no transcript within 0.15 s" in str(errors[0].data["message"])
        assert synth.texts == ["Sorry, could you repeat that?"]
    else:  # the same slow decode inside the limit: the question is answered
        assert not errors
        assert any("saturday" in t.lower() for t in synth.texts)


class FakeRecognizerDoubtingTheCutIn(FakeRecognizer):
    """Hears the cut-in ("... on Friday") with its last word at ``last_probability``, the rest clearly."""

    last_probability = 0.3

    def transcribe(self, audio: np.ndarray) -> Transcript:
        heard = super().transcribe(audio)
        if not heard.text.endswith("Friday") or not heard.words:
            return heard
        last = heard.words[-1]
        words = [*heard.words[:-1], Word(last.text, last.start_ms, last.end_ms, self.last_probability)]
        return Transcript(heard.text, words, compute_ms=1.0)


@pytest.mark.parametrize(("last_probability", "reason", "cap_ms"), [(0.3, "unsure cut-in cap", 1000.0),
                                                                    (0.9, "cut-in cap", 1500.0)])
async def test_a_vetoed_cut_in_waits_the_shorter_cap_when_its_last_word_was_doubted(
        last_probability: float, reason: str, cap_ms: float) -> None:
    # the predictor only answers after 3 s of silence, so after the barge-in only a cap ends the turn
    class Doubting(FakeRecognizerDoubtingTheCutIn):
        pass

    Doubting.last_probability = last_probability
    agent, _ = make_agent(["Do you have vegetarian dishes?", "Could we come on Friday", "unused"], end_ms=3000,
                          recognizer_type=Doubting)
    audio = caller(("quiet", 0.5), ("talk", 1.5), ("quiet", 3.5), ("talk", 1.5), ("quiet", 4.0))
    result = await run_conversation(agent, audio, fast=True)
    assert [e for e in result.events if e.kind is EventKind.BARGE_IN], "the caller cut the reply off"
    cut_in_end = [e for e in result.events if e.kind is EventKind.TURN_END and e.data["cut_in"]]
    assert len(cut_in_end) == 1 and cut_in_end[0].data["reason"] == reason
    assert cap_ms <= cut_in_end[0].data["pause_ms"] <= cap_ms + 60
    assert cut_in_end[0].data["last_word_probability"] == pytest.approx(last_probability)
