"""A phone or card number read out in groups: "my mobile is oh seven seven ... double four ...".

Callers pause between digit groups, and each group alone reads as a finished answer to the language
model. Phone numbers have 10-11 digits and card numbers 15-16, so a shorter run after "mobile",
"number", "card", ... is not done yet. (A 7-digit local number waits for the agent's hard cap: rare
in calls that need an area code, and a wait is cheaper than answering half a number.)

Tried and not kept (session 6): holding a sentence the recogniser left open (no closing mark, a
trailing "...") while the language model scored it below 0.02. With it and this rule, fresh and
unseen each held one more pause in 20 on a pause row, but it also held a garbled finished question
("You'll have a primary room wake up, no, I...") for the 3 s cap, which took unseen's mean
turn-taking latency from 0.26 to 0.38 s.
"""

from __future__ import annotations

import functools
import re

_TOKEN = re.compile(r"[a-z0-9']+")
DIGIT_WORDS = frozenset(
    {"zero", "oh", "o", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"})
REPEATERS = {"double": 2, "triple": 3}
# Words that announce a long number, and how many digits that number has at least.
NUMBER_CONTEXTS = {"mobile": 10, "number": 10, "phone": 10, "landline": 10, "cell": 10, "card": 15}
# "number" alone also says "table number 12" or "the number of people is 4": only a run of three or
# more digits after it is a number being read out.
GENERIC_CONTEXT, GENERIC_MIN_DIGITS = "number", 3
# Between the announcing word and the digits: "my mobile is", "the number's", "call me on".
_CONTEXT_REACH = 4
_PASS_THROUGH = frozenset({"um", "uh", "er", "erm"})


def _digit_count(token: str) -> int | None:
    if token.isdigit():
        return len(token)
    if token in DIGIT_WORDS:
        return 1
    return None


@functools.lru_cache(maxsize=256)  # asked again for the same words on every 20 ms frame of a pause
def digits_pending(words: str) -> bool:
    """The words end in a run of digits after "mobile", "number", "card", ..., shorter than such a
    number is: the caller is reading it out and will go on."""
    if words.rstrip().endswith("?"):
        return False  # "is that table number 12?" asks, it does not read out
    tokens = _TOKEN.findall(words.lower())
    digits, i = 0, len(tokens) - 1
    while i >= 0:
        token = tokens[i]
        n = _digit_count(token)
        if n is not None:
            digits += n
        elif token in REPEATERS and digits:
            # "double four": the "four" after it was counted once already
            digits += REPEATERS[token] - 1
        elif token not in _PASS_THROUGH:
            break
        i -= 1
    if digits == 0:
        return False
    before = tokens[max(0, i - _CONTEXT_REACH + 1) : i + 1]
    if "of" in before:  # "the number of people is 4"
        return False
    needed = [NUMBER_CONTEXTS[t] for t in before
              if t in NUMBER_CONTEXTS and (t != GENERIC_CONTEXT or digits >= GENERIC_MIN_DIGITS)]
    return bool(needed) and digits < max(needed)

