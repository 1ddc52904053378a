"""PII redaction: cards (Luhn), phones, e-mails, and the streaming redactor that must catch a card
number split across language-model tokens before any of it is spoken."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chinwag.think.guardrails import GuardrailPolicy, StreamingRedactor
from chinwag.think.redact import classify_digits, luhn_valid, redact, safe_release_point

VISA = "4111 1111 1111 1111"  # the classic test card: passes Luhn
MASTERCARD = "5500-0000-0000-0004"
AMEX = "3782 822463 10005"  # 15 digits


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("41111a")


@pytest.mark.parametrize("card", [VISA, MASTERCARD, AMEX, "4111111111111111", "4012-8888-8888-1881"])
def test_valid_cards_are_redacted(card: str) -> None:
    text, spans = redact(f"my card is {card}, expiry soon")
    assert text == "my card is [card], expiry soon"
    assert [s.kind for s in spans] == ["card"]


def test_long_number_failing_luhn_is_still_redacted_as_number() -> None:
    # Speech recognition mishears digits, so a real card read aloud can fail Luhn: never let it through.
    text, spans = redact("the card is 4111 1111 1111 1112 thanks")
    assert text == "the card is [number] thanks"
    assert spans[0].kind == "number"


@pytest.mark.parametrize("heard", [
    "4111, 1111,111, 1111,111, 1111, 1111, 1111, 1111",  # Whisper tiny in CI, card read in groups
    "4111, 1111, 1111, 1111", "4111,1111,1111,1111",
])
def test_card_numbers_written_with_commas_are_redacted(heard: str) -> None:
    text, spans = redact(f"My card number is {heard}. Thanks")
    assert text.startswith("My card number is [") and "1111" not in text and "4111" not in text
    assert spans[0].kind in {"card", "number"}


def test_comma_phone_groups_and_small_number_lists() -> None:
    assert redact("call 07700, 900, 123 please")[0] == "call [phone] please"
    lists = "we could do 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 or tables for 2, 4, 6"
    assert redact(lists) == (lists, [])


@pytest.mark.parametrize("phone", [
    "+44 20 7946 0958", "+1 (555) 123-4567", "(555) 123-4567", "555-123-4567", "555.123.4567",
    "07700 900123", "020 7946 0958", "+447700900123", "5551234567", "555-1234",
])
def test_phones_are_redacted(phone: str) -> None:
    text, spans = redact(f"call me on {phone} please")
    assert text == "call me on [phone] please"
    assert spans[0].kind == "phone"


@pytest.mark.parametrize("email", ["anna@example.com", "anna.smith+food@mail.example.co.uk", "J_Doe99@x.io"])
def test_emails_are_redacted(email: str) -> None:
    text, _ = redact(f"email {email}.")
    assert text == "email [email]."


@pytest.mark.parametrize("safe", [
    "a table for 4 at 7:30 pm on the 12th", "mains are 14 to 24 pounds", "we're at 14 Mill Lane",
    "price 14.50", "in 2026", "table 12", "the 25-11-2026 booking", "at 8", "£1,250 for 40, or 20",
    "at 7, 8 or 9",
])
def test_ordinary_numbers_are_left_alone(safe: str) -> None:
    assert redact(safe) == (safe, [])


def test_classify_digits_rules() -> None:
    assert classify_digits(VISA) == "card"
    assert classify_digits("+86 138 0013 8000") == "phone"  # 13 digits but a leading + means phone
    assert classify_digits("12345678901234567890123") == "number"
    assert classify_digits("1234") is None


def test_several_kinds_in_one_text_and_span_offsets() -> None:
    raw = f"card {VISA} or mail a@b.com or ring 020 7946 0958"
    text, spans = redact(raw)
    assert text == "card [card] or mail [email] or ring [phone]"
    assert [raw[s.start:s.end] for s in spans] == [VISA, "a@b.com", "020 7946 0958"]
    assert all("4111" not in str(s.to_dict()) for s in spans)  # the log never holds the PII itself


def test_policy_tags_and_kinds() -> None:
    policy = GuardrailPolicy.from_dict({"redaction": {"kinds": ["email"], "tags": {"email": "<e-mail>"}}})
    text, spans = policy.redact(f"a@b.com {VISA}")
    assert text == f"<e-mail> {VISA}"
    assert spans[0].tag == "<e-mail>"


def test_streaming_holds_back_a_card_split_across_tokens() -> None:
    r = StreamingRedactor()
    spoken = []
    for piece in ["Your card ", "4111", " 1111", " 1111", " 1111", " is noted."]:
        out = r.push(piece)
        spoken.append(out)
        assert "4111" not in out and "1111" not in out
    spoken.append(r.flush())
    assert "".join(spoken) == "Your card [card] is noted."
    assert spoken[0] == "Your card "  # ordinary words are released at once
    assert [d.rule for d in r.decisions] == ["card"] and r.decisions[0].action == "redact"
    assert r.decisions[0].to_dict()["span"] == [10, 29]


def test_streaming_releases_plain_text_promptly() -> None:
    r = StreamingRedactor()
    assert r.push("Hello there, ") == "Hello there, "
    assert r.push("see you at") == "see you "  # "at" might still become "at@x.com"
    assert r.pending == "at"
    assert r.push(" 7") == "at "
    assert r.push(" pm.") == "7 "  # "pm." could still be the start of "pm.smith@x.com"
    assert r.push(" See you") == "pm. See "
    assert r.flush() == "you"


def test_streaming_never_cuts_through_a_finished_match() -> None:
    r = StreamingRedactor()
    assert r.push(f"{VISA}.@") == ""
    assert r.flush() == "[card].@"


def test_streaming_reset() -> None:
    r = StreamingRedactor()
    r.push("call 555")
    r.reset()
    assert r.pending == "" and r.decisions == [] and r.flush() == ""


def test_safe_release_point_examples() -> None:
    assert safe_release_point("abc 4111 11") == 4
    assert safe_release_point("abc, ") == 5
    assert safe_release_point("mail anna.sm") == 5


PII_FRAGMENTS = [VISA, MASTERCARD, AMEX, "4111 1111 1111 1112", "+44 20 7946 0958", "(555) 123-4567",
                 "555-1234", "anna@example.com", "a.b+c@mail.co.uk", "7:30", "14.50", " ", ", ", ". ",
                 "call ", "at ", "@", "-", "(", "+", "me", "x@", ".com"]
texts = st.lists(
    st.one_of(st.sampled_from(PII_FRAGMENTS), st.text(alphabet="0123456789 -.()+@_abcxyz,:", max_size=10),
              st.text(max_size=6)),
    max_size=12,
).map("".join)


def split(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts})
    bounds = [0, *points, len(text)]
    return [text[a:b] for a, b in pairwise(bounds)]


@settings(max_examples=400, deadline=None, derandomize=True)  # same examples every CI run
@given(texts, st.lists(st.integers(min_value=0, max_value=400), max_size=15))
def test_streaming_equals_whole_text_redaction_for_any_split(text: str, cuts: list[int]) -> None:
    r = StreamingRedactor()
    released = [r.push(piece) for piece in split(text, cuts)]
    released.append(r.flush())
    expected, spans = redact(text)
    assert "".join(released) == expected
    assert [d.span for d in r.decisions] == [(s.start, s.end) for s in spans]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(texts, st.lists(st.integers(min_value=0, max_value=400), max_size=15))
def test_streaming_never_releases_a_digit_of_a_card(text: str, cuts: list[int]) -> None:
    r = StreamingRedactor()
    spoken = "".join(r.push(piece) for piece in split(text, cuts))
    # Everything released before the flush is a prefix of the fully redacted text.
    assert redact(text)[0].startswith(spoken)


@pytest.mark.xfail(strict=True, reason="known bug: a phone number glued to an e-mail and a card is "
                   "redacted differently when streamed than in one piece (found by hypothesis)")
def test_known_gap_phone_glued_to_email_and_card() -> None:
    text = "0)555-1234-anna@example.com4111 1111 1111 1111"
    r = StreamingRedactor()
    released = r.push(text[:12]) + r.push(text[12:]) + r.flush()
    assert released == redact(text)[0]
