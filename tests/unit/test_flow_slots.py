"""Slot extraction over many ASR-style phrasings. Today is fixed: Wednesday 25 November 2026."""

from __future__ import annotations

from datetime import date

import pytest

from chinwag.think.slots import (
    TimeOfDay,
    extract_day,
    extract_name,
    extract_party_size,
    extract_slots,
    extract_time,
    extract_yes_no,
    normalize,
)

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(("text", "expected"), [
    ("a table for four please", 4),
    ("table for 4", 4),
    ("for 4", 4),
    ("party of six people", 6),
    ("There'll be 3 of us.", 3),
    ("we are eight people", 8),
    ("Twelve guests", 12),
    ("just me", 1),
    ("me and my wife", 2),
    ("me and three friends", 4),
    ("two adults and two kids", 4),
    ("a group of twenty-five", 25),
    ("A party of 6, please.", 6),
    ("book for 7pm", None),  # a time, not seven people
    ("at seven thirty", None),
])
def test_party_size(text: str, expected: int | None) -> None:
    assert extract_party_size(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("seven thirty pm", TimeOfDay(19, 30)),
    ("at 8", TimeOfDay(20, 0)),
    ("at 8.", TimeOfDay(20, 0)),
    ("half past seven", TimeOfDay(19, 30)),
    ("noon", TimeOfDay(12, 0)),
    ("7pm", TimeOfDay(19, 0)),
    ("7:30 p.m.", TimeOfDay(19, 30)),
    ("7.30pm", TimeOfDay(19, 30)),
    ("quarter to eight", TimeOfDay(19, 45)),
    ("quarter past six in the evening", TimeOfDay(18, 15)),
    ("around six o'clock", TimeOfDay(18, 0)),
    ("19:00", TimeOfDay(19, 0)),
    ("half seven", TimeOfDay(19, 30)),
    ("eight forty five", TimeOfDay(20, 45)),
    ("one pm", TimeOfDay(13, 0)),
    ("at 11 in the morning", TimeOfDay(11, 0)),
    ("twelve thirty", TimeOfDay(12, 30)),
    ("ten past eight", TimeOfDay(20, 10)),
    ("table for four", None),
])
def test_time(text: str, expected: TimeOfDay | None) -> None:
    assert extract_time(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("tomorrow", date(2026, 11, 26)),
    ("tomorrow night", date(2026, 11, 26)),
    ("tonight", TODAY),
    ("this saturday", date(2026, 11, 28)),
    ("Saturday.", date(2026, 11, 28)),
    ("next friday", date(2026, 11, 27)),
    ("next wednesday", date(2026, 12, 2)),  # "next" never means today
    ("wednesday", TODAY),
    ("on the 12th", date(2026, 12, 12)),  # the 12th of this month has passed
    ("on the 30th", date(2026, 11, 30)),
    ("the twenty first", date(2026, 12, 21)),
    ("December 3rd", date(2026, 12, 3)),
    ("3 December", date(2026, 12, 3)),
    ("the 2nd of January", date(2027, 1, 2)),
    ("the day after tomorrow", date(2026, 11, 27)),
    ("Thursday the 10th of December", date(2026, 12, 10)),
    ("Thurs", date(2026, 11, 26)),
])
def test_day(text: str, expected: date) -> None:
    assert extract_day(text, TODAY) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("My name is Anna Smith.", "Anna Smith"),
    ("my name is anna smith", "Anna Smith"),
    ("it's under Jones", "Jones"),
    ("under smith please", "Smith"),
    ("This is Priya.", "Priya"),
    ("it's O'Brien", "O'Brien"),
    ("the name's Mr Patel", "Mr Patel"),
    ("put it under the name of Garcia", "Garcia"),
    ("I'm looking for a table", None),
    ("it's raining outside", None),
    ("it's for four people", None),
])
def test_name(text: str, expected: str | None) -> None:
    assert extract_name(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Anna", "Anna"),
    ("uh, Smith please", "Smith"),
    ("yeah it's Kowalski", "Kowalski"),
    ("I don't know", None),
])
def test_name_when_asked_for_one(text: str, expected: str | None) -> None:
    assert extract_name(text, expecting=True) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("yes please", True),
    ("Yeah, that's right.", True),
    ("sure, go ahead", True),
    ("no problem", True),
    ("no, make it five", False),
    ("that's not right", False),
    ("Nope.", False),
    ("actually can we change the time", False),
    ("hmm", None),
])
def test_yes_no(text: str, expected: bool | None) -> None:
    assert extract_yes_no(text) is expected if expected is None else extract_yes_no(text) == expected


def test_one_utterance_fills_every_slot() -> None:
    slots = extract_slots("a table for four tomorrow at 7 under Smith", TODAY)
    assert (slots.party_size, slots.day, slots.time, slots.name) == (4, date(2026, 11, 26), TimeOfDay(19, 0),
                                                                     "Smith")


def test_numbers_go_to_the_slot_that_was_asked_for() -> None:
    assert extract_slots("six", TODAY, expecting="party_size").found() == {"party_size": 6}
    assert extract_slots("six", TODAY, expecting="time").found() == {"time": TimeOfDay(18, 0)}
    assert extract_slots("the 3rd", TODAY, expecting="day").found() == {"day": date(2026, 12, 3)}
    assert extract_slots("12", TODAY, expecting="day").found() == {"day": date(2026, 12, 12)}
    assert extract_slots("six", TODAY).found() == {}


def test_time_and_party_in_one_phrase_do_not_collide() -> None:
    slots = extract_slots("for 2 at seven thirty on Friday", TODAY)
    assert (slots.party_size, slots.time, slots.day) == (2, TimeOfDay(19, 30), date(2026, 11, 27))


def test_normalize_handles_asr_punctuation() -> None:
    assert normalize("7:30 P.M., Table-for-Four!") == ["7:30", "pm", "table", "for", "four"]
    assert normalize("sevenish") == ["seven"]
    assert normalize("fish") == ["fish"]
    assert normalize("[BLANK_AUDIO]") == []
    assert normalize("(laughs) yes") == ["yes"]


def test_time_spoken_forms() -> None:
    assert TimeOfDay(19, 30).spoken() == "7:30 pm"
    assert TimeOfDay(12, 0).spoken() == "12 noon"
    assert TimeOfDay(9, 0).spoken() == "9 am"
    assert TimeOfDay(19, 5).iso() == "19:05"
