"""A number read out in groups, and a sentence the recogniser left open, hold the turn."""

from __future__ import annotations

from chinwag.floor.end_of_turn import OPEN_ENDING_P, words_unfinished
from chinwag.floor.open_cues import digits_pending, open_ending


def test_a_phone_number_half_read_out_is_pending() -> None:
    assert digits_pending("My mobile is oh seven seven")
    assert digits_pending("my number is 077")
    assert digits_pending("call me on my mobile, it's oh seven double four")  # 5 digits
    assert digits_pending("My phone number is, um, 0 7")
    assert digits_pending("my card number is 4111 1111")  # a card has 15-16 digits


def test_a_whole_number_or_a_number_in_passing_is_not_pending() -> None:
    assert not digits_pending("My number is 07700 900123")
    assert not digits_pending("my card number is 4111 1111 1111 1111")
    assert not digits_pending("The number of people is 4")
    assert not digits_pending("Table number 12.")
    assert not digits_pending("Is it table number 12?")
    assert not digits_pending("A table for two")


def test_open_ending_reads_the_recognisers_closing_mark() -> None:
    assert open_ending("I've got a booking for tonight,")
    assert open_ending("Do you do, I...")
    assert open_ending("We'll probably get there")
    assert not open_ending("We'll probably get there.")
    assert not open_ending("Is it open on Sundays?")
    assert not open_ending("")


def test_open_ending_holds_only_where_the_language_model_doubts_the_words() -> None:
    low, high = OPEN_ENDING_P / 4, OPEN_ENDING_P * 4
    assert words_unfinished("We'll probably get there", low)
    assert not words_unfinished("We'll probably get there", high)
    assert not words_unfinished("We'll probably get there.", low)  # closed by the recogniser
    assert not words_unfinished("We'll probably get there")  # no score: the word list alone decides
    assert words_unfinished("My mobile is oh seven seven.", 0.9)  # digits pending whatever the score
