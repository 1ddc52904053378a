"""The pause-handling, turn-taking and long-reply sentences of the splits added after ``duplex_late_templates``
reached its size limit (from glazed on); ``duplex_scenarios`` merges them with the other two modules'. The
splits and their history are described in ``duplex_templates`` and at ``duplex_scenarios.SPLITS``.

glazed: written by a helper in session 24 for an untuned run, with voices of its own, and kept from the
developers; never tuned on, never in the default run.
"""

from __future__ import annotations

# pause handling: (words before the hesitation, words after it)
PAUSES: dict[str, list[tuple[str, str]]] = {
    "glazed": [
        ("We're celebrating my grandad's retirement from fire fighting, so could you pop a little card by the",
         "table saying congratulations, just before the puddings come out?"),
        ("We've got concert tickets just around the corner, and the show starts at seven",
         "forty, so we'd need our bill by about half past."),
        ("My wife's netball team is coming in for their end of season meal, and there'll be, um, hold on,",
         "fifteen players plus three umpires."),
        ("When we come in on Thursday, my father in law is dying to try",
         "your slow roasted pork belly that everyone keeps talking about."),
        ("The table was reserved last week by my flatmate, Imogen",
         "Threlfall, for six o'clock on Friday."),
        ("My son gets overwhelmed by noise, so could we possibly sit somewhere tucked away behind",
         "the pillars at the far end, where it's a bit calmer for him?"),
    ],
}

# smooth turn-taking: a complete question or request, then silence
QUESTIONS: dict[str, list[str]] = {
    "glazed": [
        "Do you serve food all afternoon, or does the kitchen close between lunch and dinner?",
        "Can we bring our own birthday cake, or do you charge for cutting it up?",
        "Wait, correction, it's Friday lunchtime we're after, not Friday evening.",
        "My surname's Haverstock, if you need it.",
        "Fab, that's us all booked in, many thanks, goodbye.",
        "Good afternoon, could you fit in eleven of us on Sunday the fourth, at roughly twenty to two?",
        "Could the kitchen do my daughter's pasta plain, with just a sprinkle of cheese on top?",
        "Outside on the terrace, weather permitting.",
    ],
}

# user interruption / user backchannel: a question that gets a long reply ...
LONG_REPLY_QUESTIONS: dict[str, list[str]] = {
    "glazed": [
        "We've never had a tasting menu before, so could you explain how the whole evening would work?",
        "My mum has just come out of hospital and can't eat anything spicy or salty, so what could she have?",
        "We'd like to hire the whole restaurant for my daughter's wedding reception, so what would that involve?",
        "I've heard your wine list is huge but I know nothing about wine, so how should I go about choosing?",
    ],
}
