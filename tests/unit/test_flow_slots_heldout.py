"""Held-out phrasings: written after the extraction rules, and not used to tune them.

The rules were written against ``test_flow_slots.py``. These cases were written afterwards, as a
caller might say them and Whisper might write them, and are scored as a whole (``heldout_report``):
the test prints every miss and the pass rate, and fails below 90 %, so a regression shows up while
honest misses stay visible instead of being special-cased away.

First runs, before any fix: batch one 36/36; batch two 58/62. The four batch-two misses were real
gaps, fixed by general rules, not by matching these sentences: "we'll be four" (party size after
"we'll be" / "we are" / "there will be"), "name Jackson" ("name" on its own introduces a name),
"2 adults and 1 child" ("child" was missing from the party nouns), and "Anna. Anna Kowalski."
(a name ran across a sentence break; names now stop at punctuation). Batch three was written after
those fixes and scored once: 19/20 (miss: "My partner and I." as a party of two), left unfixed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chinwag.think.slots import TimeOfDay, extract_slots

TODAY = date(2026, 11, 25)  # a Wednesday

# (utterance, slot the flow asked for or None, expected slots; only the listed slots are checked)
HELD_OUT: list[tuple[str, str | None, dict[str, Any]]] = [
    ("Hi there, could I get a table for three on Saturday evening?", None,
     {"party_size": 3, "day": date(2026, 11, 28)}),
    ("Yeah, it'd be for five people.", "party_size", {"party_size": 5}),
    ("Um, probably around 8 o'clock.", "time", {"time": TimeOfDay(20, 0)}),
    ("Can we do 6:45?", "time", {"time": TimeOfDay(18, 45)}),
    ("The surname is Henderson.", "name", {"name": "Henderson"}),
    ("It'll just be the two of us.", "party_size", {"party_size": 2}),
    ("I'd like to reserve a table for Sunday lunch, about one o'clock, for six.", None,
     {"party_size": 6, "day": date(2026, 11, 29), "time": TimeOfDay(13, 0)}),
    ("Nine of us on Friday at eight p.m.", None,
     {"party_size": 9, "day": date(2026, 11, 27), "time": TimeOfDay(20, 0)}),
    ("Could you book it under Chen?", "name", {"name": "Chen"}),
    ("Tuesday, please.", "day", {"day": date(2026, 12, 1)}),
    ("Half past six.", "time", {"time": TimeOfDay(18, 30)}),
    ("Um, seven.", "party_size", {"party_size": 7}),
    ("seven", "time", {"time": TimeOfDay(19, 0)}),
    ("It's David Miller.", "name", {"name": "David Miller"}),
    ("We're a party of ten.", None, {"party_size": 10}),
    ("On the 5th of December at 7.15 pm.", None, {"day": date(2026, 12, 5), "time": TimeOfDay(19, 15)}),
    ("Friday the 4th.", "day", {"day": date(2026, 12, 4)}),
    ("Can I change it to 8.30?", None, {"time": TimeOfDay(20, 30)}),
    ("There will be four adults.", None, {"party_size": 4}),
    ("Any chance of a table this Thursday for two at nine?", None,
     {"party_size": 2, "day": date(2026, 11, 26), "time": TimeOfDay(21, 0)}),
    ("My name's Fatima.", "name", {"name": "Fatima"}),
    ("This coming Sunday.", "day", {"day": date(2026, 11, 29)}),
    ("About twelve thirty, if that's okay.", "time", {"time": TimeOfDay(12, 30)}),
    ("Mmm, let's say 5.", "party_size", {"party_size": 5}),
    ("Booking for 2 tonight, 7 p.m., name is Lee.", None,
     {"party_size": 2, "day": TODAY, "time": TimeOfDay(19, 0), "name": "Lee"}),
    ("Next Saturday please, for eleven people.", None, {"day": date(2026, 11, 28), "party_size": 11}),
    ("Wilson. W-I-L-S-O-N.", "name", {"name": "Wilson"}),
    ("The 1st.", "day", {"day": date(2026, 12, 1)}),
    ("Make it a quarter past seven.", None, {"time": TimeOfDay(19, 15)}),
    ("It's for a birthday, so eight people, tomorrow at 6.", None,
     {"party_size": 8, "day": date(2026, 11, 26), "time": TimeOfDay(18, 0)}),
    ("Put it down under Rodriguez please.", None, {"name": "Rodriguez"}),
    ("Would 1:30 in the afternoon work?", "time", {"time": TimeOfDay(13, 30)}),
    ("Three people, please, on Thursday.", None, {"party_size": 3, "day": date(2026, 11, 26)}),
    ("uh, a table for 2 at 7:00.", None, {"party_size": 2, "time": TimeOfDay(19, 0)}),
    ("Saturday the 12th of December.", "day", {"day": date(2026, 12, 12)}),
    ("I am Sarah Jones and I need a table.", None, {"name": "Sarah Jones"}),
    # A second, harder batch, written after the first scored 36/36, to look for real weak spots.
    ("At 7 o'clock on Saturday, we'll be four.", None,
     {"time": TimeOfDay(19, 0), "day": date(2026, 11, 28), "party_size": 4}),
    ("We'll be four.", "party_size", {"party_size": 4}),
    ("Is 7 okay?", "time", {"time": TimeOfDay(19, 0)}),
    ("A reservation for tomorrow evening for a party of 12.", None,
     {"day": date(2026, 11, 26), "party_size": 12}),
    ("2 people.", "party_size", {"party_size": 2}),
    ("Can I get a booking, Friday, 7:30, 4 people, name Jackson?", None,
     {"day": date(2026, 11, 27), "time": TimeOfDay(19, 30), "party_size": 4, "name": "Jackson"}),
    ("Sure, it's under Patel. P-A-T-E-L.", "name", {"name": "Patel"}),
    ("On Saturday 5th December.", None, {"day": date(2026, 12, 5)}),
    ("December the fifth.", "day", {"day": date(2026, 12, 5)}),
    ("The fifth.", "day", {"day": date(2026, 12, 5)}),
    ("Eight thirty in the evening.", "time", {"time": TimeOfDay(20, 30)}),
    ("8 30", "time", {"time": TimeOfDay(20, 30)}),
    ("20:30", "time", {"time": TimeOfDay(20, 30)}),
    ("A quarter to 9.", "time", {"time": TimeOfDay(20, 45)}),
    ("Midday on Sunday.", None, {"time": TimeOfDay(12, 0), "day": date(2026, 11, 29)}),
    ("Half 8.", "time", {"time": TimeOfDay(20, 30)}),
    ("Anna. Anna Kowalski.", "name", {"name": "Anna"}),
    ("My last name is O'Connor.", "name", {"name": "O'Connor"}),
    ("Dr. Evans.", "name", {"name": "Dr Evans"}),
    ("The booking's under Nguyen.", None, {"name": "Nguyen"}),
    ("For a couple, please.", "party_size", {"party_size": 2}),
    ("For 2 adults and 1 child.", None, {"party_size": 3}),
    ("Three of us tonight.", None, {"party_size": 3, "day": TODAY}),
    ("Could we come in at about quarter past 1?", None, {"time": TimeOfDay(13, 15)}),
    ("I'll be with my husband, so two.", "party_size", {"party_size": 2}),
    ("Yes, the name is Ahmed, A-H-M-E-D.", "name", {"name": "Ahmed"}),
    # Batch three, written after the batch-two fixes and scored once; its misses are left as found.
    ("Hello, I was hoping to book for Saturday night, about half eight, there'd be six of us.", None,
     {"day": date(2026, 11, 28), "time": TimeOfDay(20, 30), "party_size": 6}),
    ("Er, Thomas. Thomas Wright.", "name", {"name": "Thomas"}),
    ("Can you do the 19th?", "day", {"day": date(2026, 12, 19)}),
    ("Lunch on Sunday, twelve fifteen, for 4.", None,
     {"day": date(2026, 11, 29), "time": TimeOfDay(12, 15), "party_size": 4}),
    ("It's for my anniversary, just the two of us on Friday.", None,
     {"party_size": 2, "day": date(2026, 11, 27)}),
    ("Okay, eight people then.", "party_size", {"party_size": 8}),
    ("What about a bit later, say nine?", "time", {"time": TimeOfDay(21, 0)}),
    ("Mrs. Baker.", "name", {"name": "Mrs Baker"}),
    ("We'd like to come on Tuesday the first at 1 pm.", None,
     {"day": date(2026, 12, 1), "time": TimeOfDay(13, 0)}),
    ("Seven thirty tomorrow evening, please.", None,
     {"time": TimeOfDay(19, 30), "day": date(2026, 11, 26)}),
    ("A table for fourteen on December 20th.", None, {"party_size": 14, "day": date(2026, 12, 20)}),
    ("Could we say 6 pm instead?", None, {"time": TimeOfDay(18, 0)}),
    ("Yeah, Nakamura.", "name", {"name": "Nakamura"}),
    ("Hmm, I think three.", "party_size", {"party_size": 3}),
    ("My partner and I.", "party_size", {"party_size": 2}),
    ("This Friday coming at 7:45pm.", None, {"day": date(2026, 11, 27), "time": TimeOfDay(19, 45)}),
    ("Five o'clock.", "time", {"time": TimeOfDay(17, 0)}),
    ("Just one, it's just me.", "party_size", {"party_size": 1}),
    ("Could you put it under the name Liam O'Neill?", None, {"name": "Liam O'Neill"}),
    ("Sunday the 6th at noon.", None, {"day": date(2026, 12, 6), "time": TimeOfDay(12, 0)}),
]


def heldout_report() -> dict[str, Any]:
    """Score every held-out case; a case passes when every listed slot is right."""
    failures = []
    for text, expecting, expected in HELD_OUT:
        got = extract_slots(text, TODAY, expecting=expecting).found()
        wrong = {k: got.get(k) for k, v in expected.items() if got.get(k) != v}
        if wrong:
            failures.append({"text": text, "expected": expected, "got": wrong})
    passed = len(HELD_OUT) - len(failures)
    return {"cases": len(HELD_OUT), "passed": passed, "pass_rate": passed / len(HELD_OUT),
            "failures": failures}


def test_held_out_phrasings() -> None:
    report = heldout_report()
    for failure in report["failures"]:
        print("held-out miss:", failure)
    print(f"held-out pass rate: {report['passed']}/{report['cases']} = {report['pass_rate']:.0%}")
    assert report["pass_rate"] >= 0.9
