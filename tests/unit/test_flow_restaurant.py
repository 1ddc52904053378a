"""The restaurant front-desk flow, driven by scripted callers. Today: Wednesday 25 November 2026."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from chinwag.errors import ConfigError
from chinwag.think.flow import FLOWS, Flow, FlowReply, create_flow
from chinwag.think.restaurant import PHRASES, RestaurantFlow

TODAY = date(2026, 11, 25)


def make_flow(seed: int = 0) -> RestaurantFlow:
    flow = RestaurantFlow(today=TODAY, seed=seed)
    flow.greeting()
    return flow


def talk(flow: RestaurantFlow, *lines: str) -> list[FlowReply]:
    return [flow.handle(line) for line in lines]


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def test_one_utterance_booking_confirmed_and_booked() -> None:
    flow = make_flow()
    confirm = flow.handle("Hi, a table for four tomorrow at 7 under Smith please")
    assert confirm.state == "confirm"
    assert "4" in confirm.text and "tomorrow" in confirm.text and "7 pm" in confirm.text
    assert "Smith" in confirm.text
    booked = flow.handle("yes please")
    assert booked.state == "booked" and not booked.end_call
    result = flow.result()
    assert result["status"] == "booked" and result["confirmed"] is True
    assert result["slots"] == {"party_size": 4, "day": "2026-11-26", "weekday": "Thursday", "time": "19:00",
                               "name": "Smith"}
    assert result["turns"] == 2
    json.dumps(result)  # stored with the session, so it must be plain JSON


def test_missing_slots_are_asked_one_at_a_time() -> None:
    flow = make_flow()
    replies = talk(flow, "I'd like to book a table", "six of us", "Friday", "half past seven", "Anna Smith")
    assert [r.state for r in replies] == ["ask_party_size", "ask_day", "ask_time", "ask_name", "confirm"]
    assert all(r.text.count("?") == 1 for r in replies)
    assert flow.result()["status"] == "incomplete"
    assert replies[-1].slots["name"] == "Anna Smith" and replies[-1].slots["time"] == "19:30"


def test_correction_during_confirmation() -> None:
    flow = make_flow()
    talk(flow, "a table for four tomorrow at 7 under Smith")
    again = flow.handle("no, make it five")
    assert again.state == "confirm" and "5" in again.text
    flow.handle("yes")
    assert flow.result()["slots"]["party_size"] == 5


def test_plain_no_asks_what_to_change_then_reconfirms() -> None:
    flow = make_flow()
    talk(flow, "a table for two on Saturday at 8pm under Lee")
    assert flow.handle("no").state == "ask_correction"
    assert flow.handle("the time").state == "ask_time"
    reply = flow.handle("nine")
    assert reply.state == "confirm" and "9 pm" in reply.text
    assert flow.handle("that's right").state == "booked"


def test_no_with_the_slot_named_goes_straight_to_it() -> None:
    flow = make_flow()
    talk(flow, "a table for two on Saturday at 8pm under Lee")
    assert flow.handle("no, the day is wrong").state == "ask_day"


def test_closed_monday_is_refused_and_day_asked_again() -> None:
    flow = make_flow()
    reply = flow.handle("can I book a table for 2 on Monday")
    assert "closed on Mondays" in reply.text
    assert reply.slots["day"] is None and reply.slots["party_size"] == 2
    assert reply.state == "ask_day"


def test_time_outside_opening_hours_is_refused() -> None:
    flow = make_flow()
    talk(flow, "table for 2 on Friday")
    reply = flow.handle("at 11 in the morning")
    assert "12 noon" in reply.text and "9:30 pm" in reply.text
    assert reply.state == "ask_time" and reply.slots["time"] is None
    assert flow.handle("at 10:30pm").state == "ask_time"
    assert flow.handle("9:30 pm").state == "ask_name"


def test_big_party_is_politely_refused() -> None:
    flow = make_flow()
    reply = flow.handle("a table for 30 people on Friday")
    assert "call back" in reply.text and reply.slots["party_size"] is None
    assert reply.state == "ask_party_size"
    assert flow.handle("ok, twenty then").slots["party_size"] == 20


@pytest.mark.parametrize(("question", "expected"), [
    ("What are your opening hours?", "Tuesday to Sunday"),
    ("Are you open on Monday?", "closed on Mondays"),
    ("are you open tomorrow", "Yes, tomorrow, Thursday,"),
    ("What time do you open on Thursday?", "Yes, tomorrow, Thursday, we're open"),  # asked by weekday
    ("Are you open today?", "Yes, today, Wednesday,"),
    ("do you have vegetarian options", "vegetarian"),
    ("Is the food gluten free?", "gluten-free"),
    ("how much is the steak", "24 pounds"),
    ("What's the special today?", "lamb"),
    ("Where are you located?", "Mill Lane"),
    ("is there parking", "parking"),
])
def test_information_questions_get_fixed_answers(question: str, expected: str) -> None:
    flow = make_flow()
    reply = flow.handle(question)
    assert expected in reply.text
    assert not reply.use_llm
    assert reply.text.endswith("?")  # offers a booking or asks what's next


def test_question_mid_booking_is_answered_then_the_booking_resumes() -> None:
    flow = make_flow()
    talk(flow, "book a table for 3")
    reply = flow.handle("do you do gluten free food?")
    assert "gluten-free" in reply.text and reply.state == "ask_day"
    assert reply.text.endswith("?")
    assert flow.handle("Saturday").state == "ask_time"


def test_small_talk_goes_to_the_llm_with_the_next_question_as_follow_up() -> None:
    flow = make_flow()
    talk(flow, "table for 2")
    reply = flow.handle("How's your day going?")
    assert reply.use_llm and reply.text == ""
    assert reply.follow_up in PHRASES["day"]
    assert reply.follow_up in reply.llm_instruction
    assert "one short" in reply.llm_instruction
    assert flow.state == "ask_day"


def test_mumble_while_a_slot_is_asked_reprompts_without_llm() -> None:
    flow = make_flow()
    talk(flow, "table for 2")
    reply = flow.handle("hmm")
    assert not reply.use_llm and reply.state == "ask_day"
    assert any(reply.text.startswith(p) for p in PHRASES["not_caught"])


def test_goodbye_ends_the_call() -> None:
    flow = make_flow()
    talk(flow, "a table for four tomorrow at 7 under Smith", "yes")
    reply = flow.handle("no thanks, bye")
    assert reply.end_call and flow.state == "ended" and "tomorrow" in reply.text
    assert flow.result()["status"] == "booked"


def test_yes_and_goodbye_in_one_breath_books_then_ends() -> None:
    flow = make_flow()
    talk(flow, "a table for four tomorrow at 7 under Smith")
    reply = flow.handle("yes that's great, thanks, bye")
    assert reply.end_call and flow.result()["status"] == "booked"


def test_cancel_clears_the_booking() -> None:
    flow = make_flow()
    talk(flow, "a table for four tomorrow at 7 under Smith", "yes")
    reply = flow.handle("actually, cancel that")
    assert reply.slots["party_size"] is None
    assert flow.result()["status"] == "cancelled"


def test_info_only_call() -> None:
    flow = make_flow()
    talk(flow, "where are you", "no thanks")
    assert flow.handle("no that's all").end_call
    result = flow.result()
    assert result["status"] == "info_only" and result["topics"] == ["location"]


def test_replies_are_short_for_voice() -> None:
    flow = make_flow()
    replies = talk(flow, "hello, can I book a table", "for 5", "are you open on Monday", "Friday", "at 7",
                   "hmm", "it's under Brown", "no, make it six", "yes", "bye")
    for reply in replies:
        assert sentences(reply.text) <= 2, reply.text


def test_same_seed_same_words_different_seed_different_words() -> None:
    script = ["book a table", "four", "Saturday", "at 8", "Jones", "yes"]
    a = [r.text for r in talk(make_flow(seed=3), *script)]
    b = [r.text for r in talk(make_flow(seed=3), *script)]
    assert a == b
    variants = {tuple(r.text for r in talk(make_flow(seed=s), *script)) for s in range(6)}
    assert len(variants) > 1


def test_reset_starts_a_fresh_call() -> None:
    flow = make_flow()
    talk(flow, "a table for four tomorrow at 7 under Smith", "yes")
    flow.reset()
    assert flow.state == "start"
    assert flow.result()["status"] == "info_only" and flow.result()["turns"] == 0


def test_change_after_booking_needs_a_new_confirmation() -> None:
    flow = make_flow()
    talk(flow, "a table for four tomorrow at 7 under Smith", "yes")
    reply = flow.handle("oh, can we make it 8pm instead")
    assert reply.state == "confirm" and flow.result()["confirmed"] is False
    flow.handle("yes")
    assert flow.result()["slots"]["time"] == "20:00" and flow.result()["status"] == "booked"


def test_registry_creates_flows_and_rejects_unknown_names() -> None:
    assert "restaurant" in FLOWS
    flow: Flow = create_flow("restaurant", today=TODAY, seed=1)
    assert isinstance(flow, RestaurantFlow)
    assert flow.greeting()
    with pytest.raises(ConfigError, match="restaurant"):
        create_flow("dentist")


def test_flow_reply_to_dict_is_json() -> None:
    flow = make_flow()
    reply = flow.handle("a table for 2 on Friday")
    data = json.loads(json.dumps(reply.to_dict()))
    assert data["state"] == "ask_time" and data["slots"]["day"] == "2026-11-27"


def test_empty_and_non_speech_transcripts_reprompt() -> None:
    flow = make_flow()
    flow.handle("table for 2")
    for text in ["", "[BLANK_AUDIO]", " ... "]:
        reply = flow.handle(text)
        assert not reply.use_llm and reply.state == "ask_day" and reply.text.endswith("?")


def test_after_the_call_ended_every_reply_ends_it() -> None:
    flow = make_flow()
    flow.handle("bye")
    assert flow.state == "ended"
    assert flow.handle("hello?").end_call


@pytest.mark.parametrize("heard", [
    "Sorry, hang a note, is that the person?",  # "hang on, is that per person?" misheard, over the agent
    "Wait, can I ask one more thing", "Actually, what time do you close?", "No, is that per person?",
])
def test_a_question_or_correction_after_anything_else_does_not_end_the_call(heard: str) -> None:
    flow = make_flow()
    talk(flow, "a table for four tomorrow at 7 under Smith", "yes")
    reply = flow.handle(heard)
    assert not reply.end_call and flow.state != "ended", (heard, reply.text)


@pytest.mark.parametrize("heard", ["no thanks", "Nope, that's all.", "No, I'm good", "no, nothing else"])
def test_a_plain_no_after_anything_else_ends_the_call(heard: str) -> None:
    flow = make_flow()
    talk(flow, "a table for four tomorrow at 7 under Smith", "yes")
    assert flow.handle(heard).end_call and flow.state == "ended"
