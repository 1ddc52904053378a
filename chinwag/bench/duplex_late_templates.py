"""The pause-handling, turn-taking and long-reply sentences of the splits added after ``duplex_templates``
reached its size limit (from swathed on); ``duplex_scenarios`` merges them with that module's. The splits
and their history are described in ``duplex_templates`` and at ``duplex_scenarios.SPLITS``.

swathed: written by a helper in session 14 before that session's final measurement, with voices of its
own, and kept from the developers; never tuned on, never in the default run.
"""

from __future__ import annotations

# pause handling: (words before the hesitation, words after it)
PAUSES: dict[str, list[tuple[str, str]]] = {
    "swathed": [
        ("Our primary school trip stops in town next Thursday, and there'll be",
         "twenty eight pupils plus four teachers."),
        ("I'm fairly sure my phone got left behind, somewhere near", "the table where we had lunch yesterday."),
        ("It's a surprise for my husband's fiftieth, so could you text me rather than ring the house, and",
         "keep the cake hidden until I give you a nod?"),
        ("I use a wheelchair, and I was wondering whether the, ah,", "accessible toilet is at street level."),
        ("I'm outside with your fish delivery, and the docket says I should ask the chef, Dominic",
         "Trelawney, to sign the paperwork."),
        ("My daughter is proposing to her partner over dinner, and she'd like the ring hidden inside the",
         "chocolate fondant if the chef doesn't mind."),
    ],
}

# smooth turn-taking: a complete question or request, then silence
QUESTIONS: dict[str, list[str]] = {
    "swathed": [
        "Could you check your lost property box for a black phone with a cracked screen?",
        "Is the ramp at the side entrance wide enough for an electric wheelchair?",
        "Oh, hang on, I meant the fourteenth, not the fifteenth.",
        "Under the name Thistlethwaite, please.",
        "Smashing, cheers then, ta-ra.",
        "Hiya, is there room for five of us on Monday the ninth, say around ten past six?",
        "Do you put a candle in the pudding if we tell you it's someone's birthday?",
        "Near the entrance, ideally, so the wheelchair can get in.",
    ],
}

# user interruption / user backchannel: a question that gets a long reply ...
LONG_REPLY_QUESTIONS: dict[str, list[str]] = {
    "swathed": [
        "What's the access like for a wheelchair, from the front door right through to the toilets?",
        "What would you suggest for feeding a school group of thirty on a tight budget?",
        "If I wanted to sneak in early to hide a surprise cake and decorate the table, how would that work?",
        "Could you explain what happens to things people leave behind, and how long you keep them?",
    ],
}
