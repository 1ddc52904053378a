"""A phone or card number read out in groups holds the turn."""

from __future__ import annotations

from chinwag.floor.end_of_turn import words_unfinished
from chinwag.floor.number_cues import digits_pending


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



def test_a_pending_number_holds_whatever_the_language_model_says() -> None:
    assert words_unfinished("My mobile is oh seven seven.", 0.9)
    assert not words_unfinished("My mobile is 07700 900123.", 0.9)
