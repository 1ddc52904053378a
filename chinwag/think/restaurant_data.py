"""What The Copper Kettle knows and says: its hours, menu and address, and the sentences the flow speaks.

Kept apart from the flow so the facts and wording can change without touching the dialogue logic; the
flow answers questions only from here, so the language model never has to invent a price.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chinwag.think.slots import WEEKDAY_NAMES, TimeOfDay

NOON, TEN_PM, LAST_BOOKING = TimeOfDay(12, 0), TimeOfDay(22, 0), TimeOfDay(21, 30)


@dataclass(frozen=True)
class RestaurantInfo:
    name: str = "The Copper Kettle"
    address: str = "We're at 14 Mill Lane, by the old stone bridge, with free parking behind the building."
    open_weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5, 6})  # closed on Mondays
    opens: TimeOfDay = NOON
    closes: TimeOfDay = TEN_PM
    last_booking: TimeOfDay = LAST_BOOKING
    max_party: int = 20
    # menu topic -> answer; checked in this order, first keyword hit wins
    menu: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=lambda: {
        "specials": (("special", "specials"), "Today's special is slow-roasted lamb shoulder with rosemary "
                     "potatoes, at 22 pounds."),
        "vegan": (("vegan",), "Yes, the chickpea and spinach curry is vegan, and the kitchen can make "
                  "several other dishes vegan on request."),
        "vegetarian": (("vegetarian", "veggie", "meat free"), "Yes, we have several vegetarian dishes, "
                       "like the wild mushroom risotto and the halloumi burger."),
        "gluten": (("gluten", "coeliac", "celiac"), "Most of our mains can be made gluten-free; just let "
                   "your server know when you arrive."),
        "allergies": (("allergy", "allergies", "allergic", "nut", "nuts", "dairy"), "The kitchen can adapt "
                      "most dishes for allergies; please tell your server when you arrive."),
        "kids": (("kids menu", "children's menu", "childrens menu", "kids"), "Yes, there's a children's "
                 "menu at 7 pounds for two courses."),
        "prices": (("price", "prices", "cost", "expensive", "how much", "cheap"), "Starters are 6 to 9 "
                   "pounds and mains are 14 to 24 pounds."),
        "menu": (("menu", "food", "dish", "dishes", "serve", "cuisine", "eat"), "We serve modern British "
                 "food: seasonal starters, pies, roasts and fish, with vegetarian options too."),
    })
    dishes: dict[str, tuple[str, int]] = field(default_factory=lambda: {
        "risotto": ("the wild mushroom risotto", 15), "steak": ("the ribeye steak", 24),
        "burger": ("the halloumi burger", 14), "pie": ("the steak and ale pie", 17),
        "fish": ("the fish and chips", 16), "curry": ("the chickpea and spinach curry", 14),
        "lamb": ("the lamb shoulder special", 22), "roast": ("the Sunday roast", 18),
    })

    def hours_sentence(self) -> str:
        days = f"{WEEKDAY_NAMES[min(self.open_weekdays)]} to {WEEKDAY_NAMES[max(self.open_weekdays)]}"
        closed = ", ".join(WEEKDAY_NAMES[d] + "s" for d in range(7) if d not in self.open_weekdays)
        hours = f"from {self.opens.spoken()} to {self.closes.spoken()}"
        return f"We're open {days} {hours}, and closed on {closed}."


PHRASES: dict[str, list[str]] = {
    "greeting": ["Hello, thank you for calling {r}. How can I help you today?",
                 "Hi, you're through to {r}. How can I help?",
                 "Good day, this is {r}. What can I do for you?"],
    "party_size": ["How many people will be joining you?", "How many people is the table for?",
                   "And how many guests will there be?"],
    "day": ["Which day would you like to come in?", "What day would you like the table for?",
            "And which day would suit you?"],
    "time": ["What time would you like?", "And what time would suit you?", "What time should I book it for?"],
    "name": ["And what name should I put the booking under?", "Can I take a name for the booking?",
             "What name shall I book it under?"],
    "confirm": ["So that's a table for {party} {day} at {time} under {name}, shall I book it?",
                "Just to confirm, a table for {party} {day} at {time} under {name}, is that right?",
                "That's {party} people {day} at {time}, under {name}; shall I go ahead?"],
    "booked": ["Lovely, you're booked in {day} at {time}. Is there anything else I can help with?",
               "All done, we'll see you {day} at {time}. Anything else I can help with?",
               "That's booked: a table for {party} {day} at {time}. Is there anything else?"],
    "ack": ["Great", "Lovely", "Perfect", "Okay"],
    "what_change": ["Sorry about that. What should I change: the number of people, the day, the time, "
                    "or the name?",
                    "No problem. Which part should I change: people, day, time or name?"],
    "not_caught": ["Sorry, I didn't quite catch that.", "Sorry, could you say that again?",
                   "Sorry, I missed that."],
    "anything_else": ["Is there anything else I can help with?", "Anything else I can do for you?"],
    "offer_booking": ["Would you like to book a table?", "Can I book a table for you?"],
    "open_question": ["Would you like to book a table, or ask about the menu or opening hours?"],
    "goodbye": ["Thanks for calling {r}. Goodbye!", "Thank you for calling, have a lovely day. Goodbye!"],
    "booked_goodbye": ["Lovely, you're booked in {day} at {time}; see you then, goodbye!",
                       "All done, we'll see you {day} at {time}. Goodbye!"],
    "goodbye_booked": ["Thanks for calling, we look forward to seeing you {day}. Goodbye!",
                       "See you {day} at {time}. Thanks for calling {r}, goodbye!"],
    "cancelled": ["No problem, I've cancelled that. Is there anything else I can help with?"],
    "too_many": ["I'm sorry, we can only book up to {max} people on this line; for a bigger group please "
                 "call back and ask for our events team. Can I help with a smaller table?"],
}
