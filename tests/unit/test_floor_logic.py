from __future__ import annotations

import pytest

from chinwag.floor.backchannel import BackchannelPolicy, BackchannelSettings
from chinwag.floor.interruption import (
    InterruptionJudge,
    InterruptionSettings,
    Verdict,
    acknowledges_so_far,
    is_backchannel_text,
)
from chinwag.floor.state import Floor, FloorTracker


@pytest.mark.parametrize("text", ["", "Mm-hmm.", "uh-huh", "Yeah, right.", "Oh, I see.", "okay",
                                  "In memory."])  # Whisper's usual rendering of a murmured mm-hmm
def test_backchannels_and_noise_do_not_take_the_floor(text: str) -> None:
    assert is_backchannel_text(text)


@pytest.mark.parametrize("text", ["Wait.", "Stop!", "No.", "Friday.", "for four", "Sorry, can I book for six?",
                                  "Actually make it tomorrow", "Bye.", "Okay, goodbye!"])  # goodbye: ends the call
def test_interrupting_or_content_words_do(text: str) -> None:
    assert not is_backchannel_text(text)


def test_long_overlap_is_a_barge_in_without_waiting_for_words() -> None:
    judge = InterruptionJudge(InterruptionSettings(confirm_speech_ms=300))
    judge.start(0.0, speech_ms_so_far=20)
    verdicts = [judge.on_frame(t * 20.0, True, 0.0, 20.0) for t in range(1, 20)]
    assert Verdict.BARGE_IN in verdicts and verdicts.index(Verdict.BARGE_IN) <= 14
    assert not judge.active


def test_short_burst_asks_for_words_then_resumes_on_a_backchannel() -> None:
    judge = InterruptionJudge(InterruptionSettings(confirm_speech_ms=650, burst_end_silence_ms=100))
    judge.start(0.0, 20)
    for i in range(1, 10):
        assert judge.on_frame(i * 20.0, True, 0.0, 20.0) is Verdict.PENDING
    out = [judge.on_frame(200 + i * 20.0, False, i * 20.0, 20.0) for i in range(1, 7)]
    assert Verdict.NEED_WORDS in out
    assert judge.on_words("Mm-hmm.") is Verdict.RESUME


def test_words_that_only_look_like_a_backchannel_need_more_quiet() -> None:
    settings = InterruptionSettings(confirm_speech_ms=650, burst_end_silence_ms=100, doubt_extra_silence_ms=200)
    judge = InterruptionJudge(settings)
    judge.start(0.0, 20)
    for i in range(1, 10):
        judge.on_frame(i * 20.0, True, 0.0, 20.0)
    out = [judge.on_frame(200 + i * 20.0, False, i * 20.0, 20.0) for i in range(1, 7)]
    assert Verdict.NEED_WORDS in out
    assert judge.on_words("N-on") is Verdict.PENDING  # Whisper's "Hang on,": two odd words, no verdict yet
    # the caller goes on talking: judged as one burst again, and long enough to be a barge-in
    verdicts = [judge.on_frame(400 + i * 20.0, True, 0.0, 20.0) for i in range(1, 30)]
    assert Verdict.BARGE_IN in verdicts


def test_a_doubtful_burst_followed_by_quiet_resumes_with_its_words() -> None:
    settings = InterruptionSettings(burst_end_silence_ms=100, doubt_extra_silence_ms=200)
    judge = InterruptionJudge(settings)
    judge.start(0.0, 20)
    judge.on_frame(20.0, True, 0.0, 20.0)
    assert judge.on_words("In memory") is Verdict.PENDING
    quiet = [judge.on_frame(40 + i * 20.0, False, i * 20.0, 20.0) for i in range(1, 20)]
    assert quiet.index(Verdict.RESUME) >= 14  # not before 100 + 200 ms of quiet
    assert judge.state.words == "In memory"


@pytest.mark.parametrize(("voiced", "verdict"), [(False, Verdict.RESUME), (True, Verdict.PENDING)])
def test_nothing_heard_in_a_voiced_burst_needs_more_quiet(voiced: bool, verdict: Verdict) -> None:
    """A cough (no pitch) resumes as soon as its words come back empty; a voice the recogniser missed
    (a first word in a noisy line) waits the doubtful burst's extra quiet, as the caller may go on."""
    judge = InterruptionJudge(InterruptionSettings(burst_end_silence_ms=100, doubt_extra_silence_ms=200))
    judge.start(0.0, 20)
    for i in range(1, 12):
        judge.on_frame(i * 20.0, True, 0.0, 20.0, voiced)
    assert judge.on_words("") is verdict
    if voiced:
        quiet = [judge.on_frame(240 + i * 20.0, False, i * 20.0, 20.0) for i in range(1, 20)]
        assert quiet.index(Verdict.RESUME) >= 14


@pytest.mark.parametrize(("text", "confidence", "verdict"), [
    ("Let me turn.", 0.2, Verdict.PENDING),  # a murmured "mhm", heard as words Whisper is unsure of
    ("Let me turn.", 0.8, Verdict.BARGE_IN),  # the same words heard clearly: a turn
    ("Let me turn.", None, Verdict.BARGE_IN),  # no word probabilities: words decide, as before
    ("Wait, I need to", 0.2, Verdict.BARGE_IN),  # an interrupting word stands however unsure
    ("and make it for two", 0.2, Verdict.BARGE_IN),  # content the caller may be answering with
])
def test_a_burst_the_recogniser_is_unsure_of_may_be_a_murmur(text: str, confidence: float | None,
                                                            verdict: Verdict) -> None:
    judge = InterruptionJudge()
    judge.start(0.0, 20)
    judge.on_frame(20.0, True, 0.0, 20.0)
    assert judge.on_words(text, confidence) is verdict


@pytest.mark.parametrize(("text", "ack"), [
    ("I see.", True), ("Oh, I see.", True), ("Okay, got it.", True), ("Right, fair enough.", True),
    ("Yep", True), ("I see, but can I", False), ("I need a table", False), ("I", False), ("Got", False),
    ("That's great.", True), ("Oh, that's lovely", True), ("Sounds good", True), ("Oh dear.", True),
    ("Thank you.", True), ("Oh, brilliant.", True), ("Good, good, good.", True), ("Okay, thanks.", True),
    ("That's the wrong day", False), ("Thanks, and can I also ask", False), ("Fine, but on Saturday", False),
    ("Oh.", False),
])
def test_a_finished_burst_that_only_acknowledges_resumes_at_once(text: str, ack: bool) -> None:
    from chinwag.floor.interruption import is_acknowledgement

    assert is_acknowledgement(text) is ack
    judge = InterruptionJudge()
    judge.start(0.0, 20)
    judge.on_frame(20.0, True, 0.0, 20.0)
    if ack:
        assert judge.on_words(text, 0.9) is Verdict.RESUME


@pytest.mark.parametrize(("text", "confidence", "kind"), [
    ("", None, "acknowledgement"),  # a cough: nothing heard
    ("Oh, I see.", 0.9, "acknowledgement"),
    ("In memory", 0.9, "doubtful"),  # two words that only look like a murmur
    ("and make him", 0.3, "doubtful"),  # unsure words with no turn word in them
    ("and make him", 0.9, "turn"),
    ("Wait, Saturday", 0.3, "turn"),
    ("And then, lovely", 0.9, "doubtful"),  # "mm, lovely": the hum heard as a conjunction
    ("And then, okay...", 0.9, "doubtful"),
    ("And then I need a table", 0.9, "turn"),
    ("So, okay, wait", 0.9, "turn"),
])
def test_one_reading_of_words_said_over_the_agent(text: str, confidence: float | None, kind: str) -> None:
    from chinwag.floor.interruption import classify_cut_in

    assert classify_cut_in(text, confidence, murmur_confidence=0.5) == kind


@pytest.mark.parametrize(("text", "plain"), [
    ("Mm-hmm.", True), ("Okay, yes.", True), ("Yeah yeah", True), ("Right, right, right.", True),
    ("Lovely", True), ("Sure, sure. Sure, sure.", True),
    ("In memory", False), ("Hang on", False), ("I see", False), ("", False), ("Oh dear", False),
    ("Yes, no, maybe, perhaps", False),
])
def test_plain_backchannels_are_strict(text: str, plain: bool) -> None:
    from chinwag.floor.interruption import is_plain_backchannel

    assert is_plain_backchannel(text) is plain


def test_noise_with_no_words_resumes_after_the_timeout() -> None:
    judge = InterruptionJudge(InterruptionSettings(resume_timeout_ms=500, burst_end_silence_ms=10_000))
    judge.start(0.0, 20)
    verdicts = [judge.on_frame(i * 20.0, False, i * 20.0, 20.0) for i in range(1, 40)]
    assert Verdict.RESUME in verdicts


def test_backchannel_policy_rate_and_conditions() -> None:
    policy = BackchannelPolicy(BackchannelSettings(min_turn_speech_ms=2000, min_gap_ms=4000, pause_ms=200))
    assert not policy.should_backchannel(1000, turn_speech_ms=1000, pause_ms=250, end_of_turn_probability=0.1)
    policy.on_speech()
    assert policy.should_backchannel(3000, turn_speech_ms=2500, pause_ms=250, end_of_turn_probability=0.1)
    assert not policy.should_backchannel(3020, 2500, 270, 0.1)  # once per pause
    policy.on_speech()
    assert not policy.should_backchannel(5000, 4000, 250, 0.1)  # too soon after the last one
    policy.on_speech()
    assert not policy.should_backchannel(9000, 6000, 250, 0.9)  # the user sounds finished: not now
    policy.on_speech()
    assert policy.should_backchannel(9500, 6500, 250, 0.1)
    # never at a probability where the agent would answer: "mm-hmm" then the answer 20 ms later
    assert not policy.should_backchannel(20000, 9000, 250, 0.2, answer_threshold=0.11)
    policy.on_speech()
    assert policy.should_backchannel(26000, 9500, 250, 0.05, answer_threshold=0.11)


def test_floor_transitions() -> None:
    floor = FloorTracker()
    assert floor.update(True, False) is Floor.USER
    assert floor.update(True, False) is None
    assert floor.update(True, True) is Floor.OVERLAP
    assert floor.update(False, True) is Floor.AGENT
    assert floor.update(False, False) is Floor.SILENCE


def test_words_whisper_invents_in_the_trailing_silence_do_not_count() -> None:
    from chinwag.floor.end_of_turn import words_unfinished as dangling
    from chinwag.listen.heard import words_before
    from chinwag.listen.types import Transcript, Word

    heard = Transcript("Could I book a table for it?", [
        Word("Could", 300, 500), Word("I", 500, 600), Word("book", 600, 800), Word("a", 800, 900),
        Word("table", 900, 1200), Word("for", 1200, 1500, 0.9), Word("it?", 1700, 1950, 0.4)])
    words = words_before(heard, speech_end_sample=int(1.52 * 16000))
    assert words == "Could I book a table for" and dangling(words)
    assert words_before(heard, 0) == heard.text  # no speech end known: keep everything
    from chinwag.listen.heard import mean_probability

    assert mean_probability(heard.words[-2:]) == pytest.approx(0.65)
    assert mean_probability([]) is None
    from chinwag.listen.heard import last_word_probability

    assert last_word_probability(heard, int(1.52 * 16000)) == pytest.approx(0.9)  # "for", not the invented "it?"
    assert last_word_probability(heard, 0) == pytest.approx(0.4)  # no speech end known: the last word
    assert last_word_probability(Transcript(""), 16000) is None


def test_acknowledgement_words_so_far_give_a_burst_longer_before_speech_alone_decides() -> None:
    from chinwag.floor.interruption import sounds_like_acknowledgement

    assert sounds_like_acknowledgement("Ah, I") and sounds_like_acknowledgement("Okay, thank")
    assert sounds_like_acknowledgement("Got it, fang.")  # the last word of a partial is half-heard
    assert not sounds_like_acknowledgement("Just one") and not sounds_like_acknowledgement("")
    assert not sounds_like_acknowledgement("No") and not sounds_like_acknowledgement("Okay, 7")
    settings = InterruptionSettings(confirm_speech_ms=900, acknowledgement_speech_ms=1400)
    for heard, frames_to_barge_in in (("Okay, thank", 70), ("Just one", 45), (None, 45)):
        judge = InterruptionJudge(settings)
        judge.start(0.0, 20)
        if heard is not None:
            judge.on_partial_words(heard)
        verdicts = [judge.on_frame(20.0 * i, True, 0.0, 20.0) for i in range(1, 80)]
        assert verdicts.index(Verdict.BARGE_IN) + 1 == frames_to_barge_in - 1, heard


@pytest.mark.parametrize(("text", "confidence", "only"), [
    ("Oh, lovely, thank you.", 0.9, True),
    ("Mm-hmm.", 0.9, True),
    ("And my am lovely", 0.34, True),  # a slow "mm, lovely" as Whisper hears it
    ("And my am lovely", 0.9, False),  # the same words heard confidently are a turn
    ("And then, okay...", 0.9, True),  # a "mm, okay" heard with a conjunction for the hum
    ("And then, can I book?", 0.9, False),
    ("Do you have parking?", 0.3, False),
    ("Sorry, what was that", 0.3, False),
    ("Okay, but can I come on Friday?", 0.9, False),
    ("", 0.9, False),
])
def test_a_turn_that_stopped_the_agent_may_still_only_acknowledge(text: str, confidence: float,
                                                                   only: bool) -> None:
    from chinwag.floor.interruption import acknowledges_only

    assert acknowledges_only(text, confidence, murmur_confidence=0.5) is only


@pytest.mark.parametrize(("text", "plain"), [
    ("Mm-hm.", True), ("MMM", True), ("M-hm", True), ("Hmm-hmm.", True), ("hm", True),
    ("mm-mm", False), ("Amen.", False), ("Hmm, wait", False),
])
def test_each_spelling_of_a_hum_is_a_plain_backchannel(text: str, plain: bool) -> None:
    from chinwag.floor.interruption import is_plain_backchannel

    assert is_plain_backchannel(text) is plain


@pytest.mark.parametrize(("confidence", "verdict"), [(0.22, Verdict.PENDING), (0.9, Verdict.BARGE_IN)])
def test_a_farewell_stops_the_agent_only_when_heard_clearly(confidence: float, verdict: Verdict) -> None:
    judge = InterruptionJudge()
    judge.start(0.0, speech_ms_so_far=20.0)
    assert judge.on_words("Bye, see you!", confidence) is verdict  # PENDING: resumes after more quiet


@pytest.mark.parametrize(("text", "resume"), [
    ("Mm-hmm", True),
    ("Sure, fing", True),  # "Sure thing" with its last word half-heard
    ("And then, okay", True),  # a hum read as a conjunction
    ("image", False),  # a murmured "mhm", maybe; or "Sorry," as the first read of a cut-in
    ("uh", False),
    ("Oh", False),  # may open "Oh, apologies, do you do a student discount?"
    ("I", False),  # may open "I need a table"
    ("Okay, wait", False),  # says "turn"
    ("for Tuesday", False),  # content the caller may be answering with
    ("Okay, can I", False),  # opens a question
])
def test_what_the_words_of_a_burst_still_going_on_allow(text: str, resume: bool) -> None:
    assert acknowledges_so_far(text) is resume
    judge = InterruptionJudge()
    judge.start(0.0, 20)
    assert judge.on_partial_words(text) is resume


def test_a_burst_read_as_an_acknowledgement_but_heard_badly_is_not_resumed_over_while_it_goes_on() -> None:
    judge = InterruptionJudge()
    judge.start(0.0, 20)
    assert not judge.on_partial_words("Okay.", confidence=0.05)  # "Excuse me" as Whisper first read it
    assert judge.on_partial_words("Okay.", confidence=0.4)
    assert judge.on_partial_words("Okay.")  # no word probabilities: the words alone decide
