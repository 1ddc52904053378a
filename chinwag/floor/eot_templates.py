"""The sentences and voices the end-of-turn data is made from, and which split each belongs to.

Every fifth template and its own set of voices are held out, so the held-out score is measured on
sentences and voices the model never saw in training.
"""

from __future__ import annotations

from dataclasses import dataclass

PIPER_VOICE = "piper:joe"
VOICES: dict[str, tuple[str, ...]] = {
    "train": ("en-us", "en-gb", "en+f3", "en+m3", "en-us+f2", "en-gb-x-rp+m1", "en+f4", "en-us+m5"),
    "dev": ("en-029+f1", "en-us+m2", "en-gb+f5"),
    "heldout": ("en-gb-scotland+m4", "en-us+f5", "en+m7", PIPER_VOICE),
}
# Afterthoughts ("... please. | And a high chair") sound finished before the pause: no model can be sure
# there, so they are kept rare, as in booking calls, and reported separately by the bench.
KIND_WEIGHTS = {
    "prep": 0.2,
    "conj": 0.2,
    "determiner": 0.17,
    "number": 0.17,
    "afterthought": 0.06,
    "answer": 0.2,
}


@dataclass(frozen=True)
class Template:
    template_id: str
    kind: str  # where the pause falls: prep, conj, determiner, number, afterthought; "answer": no pause
    before: str
    after: str  # "" for short answers that are only ever complete
    split: str

    @property
    def full(self) -> str:
        return f"{self.before} {self.after}".strip()


# One template per line: "before | after" (the pause falls at "|"); answers have no "|".
_TEMPLATE_TEXT: dict[str, str] = {
    "prep": """
I'd like a table for | four people tonight.
Can I book an appointment for | next Tuesday?
I need to fly to | Boston on Friday.
Could you send it to | my office address?
I'm calling about | the order I placed yesterday.
I'm looking for | a cheap hotel near the station.
I want to pay with | my credit card.
Is there anything available on | Saturday afternoon?
We'll be arriving at | around eight in the evening.
Please put me down for | the early session.
""",
    "conj": """
I'd like the salmon and | a glass of white wine.
We wanted to come on Friday but | Saturday works too.
My flight got cancelled so | I need a new booking.
I can't make it tomorrow because | my car broke down.
Could you check if | the package has shipped?
I'll take the blue one or | maybe the green one.
The heating stopped working and | it's really cold in here.
I tried to log in but | it says my password is wrong.
We need two rooms and | a parking space.
I think that | the bill is wrong.
""",
    "determiner": """
My name is | Anna Schmidt.
Can I get the | chicken soup please?
I'd like to order a | large pepperoni pizza.
I've lost my | boarding pass.
The problem is | the screen keeps flickering.
Could you tell me your | opening hours?
We're celebrating our | tenth anniversary.
I want to cancel my | subscription.
What's the | best way to get downtown?
My account number is | four two seven one nine.
""",
    "number": """
Can we come at seven | thirty instead?
My phone number is five five five | two one eight nine.
We'll need it for two | adults and three children.
The meeting is at ten | fifteen tomorrow.
Book it for four | nights starting Monday.
The total came to forty | two dollars.
I'll be there at nine | forty five.
The order number is eight one | six three.
Our flight lands at eleven | twenty at night.
Make it for six | thirty please.
""",
    "afterthought": """
A table for four people please. | And a high chair if you have one.
I'd like to check out. | Oh and can I leave my bags here?
Yes that's right. | Also my wife is joining later.
The pasta please. | With a side salad.
I need a taxi to the airport. | For six in the morning.
That sounds good. | Actually could we make it earlier?
My name is Anna. | That's A N N A.
It's for tomorrow. | Around noon I think.
No that's all. | Oh wait, one more thing.
We'll take it. | How much is the deposit?
""",
    "answer": """
Yes please.
For four people.
No thanks, that's all.
Seven thirty.
What time do you close?
That's right.
Tomorrow at noon.
Is parking included?
Just the two of us.
How much does it cost?
Sure, go ahead.
Can you repeat that?
Okay, thank you very much.
Do you have a vegetarian menu?
I'd like to speak to a manager.
""",
}
_SPLIT_BY_POSITION = ("train", "train", "train", "dev", "heldout")


def _before_after(line: str) -> tuple[str, str]:
    """Split "before | after" into its two halves; a line with no "|" is all before: (line, "")."""
    before, after = [*line.split(" | "), ""][:2]
    return before, after


TEMPLATES: tuple[Template, ...] = tuple(
    Template(f"{kind}-{i:02d}", kind, *_before_after(line), _SPLIT_BY_POSITION[i % 5])
    for kind, text in _TEMPLATE_TEXT.items()
    for i, line in enumerate(text.strip().splitlines())
)
