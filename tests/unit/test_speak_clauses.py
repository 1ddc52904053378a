from __future__ import annotations

import pytest

from chinwag.speak.clauses import ClauseChunker, clean_for_speech, count_words, split_for_speech


def stream(pieces: list[str], **kwargs: int) -> tuple[list[tuple[int, str]], list[str]]:
    """Feed pieces one by one; return (index of the push that released each chunk, chunk) and the flush."""
    chunker = ClauseChunker(**kwargs)
    released = [(i, chunk) for i, piece in enumerate(pieces) for chunk in chunker.push(piece)]
    return released, chunker.flush()


def test_sentence_end_released_once_the_following_space_arrives() -> None:
    released, rest = stream(["Sure", "!", " It", " is", " done", "."])
    assert released == [(2, "Sure!")]
    assert rest == ["It is done."]


def test_comma_cut_needs_min_words() -> None:
    assert split_for_speech("Yes, I can do that for you, no problem at all.") == [
        "Yes, I can do that for you,",
        "no problem at all.",
    ]


def test_min_words_is_configurable() -> None:
    assert split_for_speech("Yes, I can.", min_words=1) == ["Yes,", "I can."]


@pytest.mark.parametrize(
    "pieces",
    [
        ["It costs 3", ",", "000 dollars in total, which is fine."],
        ["Meet me at 7", ".", "30 tonight, near the station."],
        ["The meeting is at 10", ":", "45 sharp, so be early."],
    ],
)
def test_numbers_split_across_tokens_stay_whole(pieces: list[str]) -> None:
    released, rest = stream(pieces)
    chunks = [c for _, c in released] + rest
    assert len(chunks) == 2
    assert "".join(pieces).startswith(chunks[0])


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith and Dr. Jones live on Baker St. near the park.",
        "Bring something small, e.g. a book, to read on the train.",
        "The shop opens at 9 a.m. and closes at 5 p.m. on weekdays.",
        "Write to ann.lee@example.com if anything changes.",
        "J. R. Smith wrote it.",
        "Version 2.5.1 is out.",
    ],
)
def test_no_cut_inside_abbreviations_emails_and_numbers(text: str) -> None:
    assert split_for_speech(text, min_words=30) == [text]


def test_email_at_sentence_end_then_more() -> None:
    assert split_for_speech("Email ann.lee@example.com. Thanks!") == ["Email ann.lee@example.com.", "Thanks!"]


def test_question_and_exclamation_and_ellipsis_and_quotes() -> None:
    assert split_for_speech('Really? Wow! Well... He said "fine." Then left.') == [
        "Really?",
        "Wow!",
        "Well...",
        'He said "fine."',
        "Then left.",
    ]


def test_token_by_token_matches_whole_text() -> None:
    text = "Sure, I can book that for you at 7.30 tonight. Mr. Lee, the manager, will confirm it by e-mail."
    chars = list(text)
    released, rest = stream(chars)
    assert [c for _, c in released] + rest == split_for_speech(text)


def test_markdown_and_emoji_are_removed() -> None:
    text = "## Options\n- **First**: call `Dr. Lee` 📞\n- Second, see [the site](http://x.y/z). Done 🙂👍🏽"
    assert split_for_speech(text) == ["Options", "First: call Dr. Lee", "Second, see the site.", "Done"]


def test_clean_keeps_snake_case_arithmetic_and_degrees() -> None:
    assert clean_for_speech("set max_tokens to 2 * 3 at 20°C") == "set max_tokens to 2 * 3 at 20°C"


def test_unspeakable_chunks_are_dropped() -> None:
    assert split_for_speech("🙂 👍\n---\n") == []
    assert split_for_speech("") == []


def test_list_numbers_do_not_make_their_own_chunk() -> None:
    chunks = split_for_speech("1. Go to the desk\n2. Show your ticket")
    assert chunks == ["1. Go to the desk", "2. Show your ticket"]


def test_run_on_text_is_cut_after_max_words() -> None:
    words = " ".join(f"word{i}" for i in range(25))
    chunks = split_for_speech(words + " end", min_words=2, max_words=10)
    assert [count_words(c) for c in chunks] == [10, 10, 6]


def test_reset_drops_pending_text() -> None:
    chunker = ClauseChunker()
    assert chunker.push("This reply was cancelled half") == []
    chunker.reset()
    assert chunker.push("New reply. ") == ["New reply."]
    assert chunker.flush() == []


def test_invalid_word_limits_rejected() -> None:
    with pytest.raises(ValueError):
        ClauseChunker(min_words=0)
    with pytest.raises(ValueError):
        ClauseChunker(min_words=5, max_words=3)
