"""The default agent's task: the front desk of a small restaurant, The Copper Kettle.

Bookings are a slot-filling flow (party size, day, time, name) with validation against the opening
hours, one question at a time, a read-back confirmation and corrections ("no, make it five").
Questions about hours, the menu and the address get fixed answers from ``RestaurantInfo``, so the
small language model never has to invent a price. Everything else is small talk, handed to the
model under a one-sentence instruction, with the flow's next question said after it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chinwag.think.flow import FlowReply
from chinwag.think.restaurant_data import PHRASES, RestaurantInfo
from chinwag.think.slots import (
    WEEKDAY_NAMES,
    Slots,
    extract_slots,
    extract_yes_no,
    is_done_no,
    normalize,
)

SLOT_ORDER = ("party_size", "day", "time", "name")

_INTENTS: dict[str, tuple[str, ...]] = {
    "goodbye": ("bye", "goodbye", "that's all", "thats all", "that is all", "that's everything",
                "nothing else", "see you", "have a nice day", "have a good day"),
    "cancel": ("cancel", "never mind", "nevermind", "forget it", "scrap that", "don't bother"),
    "booking": ("book", "booking", "reserve", "reservation", "table"),
    "hours": ("open", "opening", "hours", "close", "closing", "closed", "available", "availability"),
    "location": ("where", "address", "located", "location", "directions", "parking", "park", "postcode",
                 "find you", "get there"),
}
_CHANGE_WORDS = {"party_size": ("people", "number", "party", "guests", "size", "many"),
                 "day": ("day", "date"), "time": ("time", "hour", "later", "earlier"),
                 "name": ("name", "spelling", "spelled", "spelt")}
_QUESTION_STARTS = {"how", "what", "what's", "whats", "who", "why", "when", "where", "which", "do", "does",
                    "is", "are", "can", "could", "would", "will", "tell", "did", "have", "has"}


def _has(joined: str, phrase: str) -> bool:
    return f" {phrase} " in joined


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class _CallState:
    state: str = "start"
    slots: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(SLOT_ORDER))
    confirmed: bool = False
    cancelled: bool = False
    booking_started: bool = False
    turns: int = 0
    topics: list[str] = field(default_factory=list)


class RestaurantFlow:
    """Front-desk flow. ``today`` anchors "tomorrow"/"Friday"; ``seed`` makes phrasing repeatable."""

    task = "restaurant_booking"

    def __init__(self, info: RestaurantInfo | None = None, today: date | None = None, seed: int = 0) -> None:
        self.info = info or RestaurantInfo()
        self._today_fixed = today
        self._seed = seed
        self.reset()

    def reset(self) -> None:
        self._s = _CallState()
        self._rng = random.Random(self._seed)
        self.today = self._today_fixed or date.today()

    @property
    def state(self) -> str:
        return self._s.state

    # --- phrasing ------------------------------------------------------------------------------------
    def _say(self, key: str, **fmt: Any) -> str:
        return self._rng.choice(PHRASES[key]).format(r=self.info.name, max=self.info.max_party, **fmt)

    def _day_words(self, d: date) -> str:
        delta = (d - self.today).days
        if delta == 0:
            return "today"
        if delta == 1:
            return "tomorrow"
        return f"on {WEEKDAY_NAMES[d.weekday()]} the {_ordinal(d.day)}"

    def _booking_fmt(self) -> dict[str, str]:
        s = self._s.slots
        return {"party": str(s["party_size"]), "day": self._day_words(s["day"]), "time": s["time"].spoken(),
                "name": s["name"]}

    def _reply(self, text: str, **kw: Any) -> FlowReply:
        return FlowReply(text=text.strip(), state=self._s.state, slots=self.slots_dict(), **kw)

    def slots_dict(self) -> dict[str, Any]:
        s = self._s.slots
        return {"party_size": s["party_size"], "day": s["day"].isoformat() if s["day"] else None,
                "weekday": WEEKDAY_NAMES[s["day"].weekday()] if s["day"] else None,
                "time": s["time"].iso() if s["time"] else None, "name": s["name"]}

    # --- public surface ------------------------------------------------------------------------------
    def greeting(self) -> str:
        self._s.state = "start"
        return self._say("greeting")

    def result(self) -> dict[str, Any]:
        s = self._s
        if s.confirmed:
            status = "booked"
        elif s.cancelled:
            status = "cancelled"
        elif s.booking_started:
            status = "incomplete"
        else:
            status = "info_only"
        return {"task": self.task, "restaurant": self.info.name, "status": status, "slots": self.slots_dict(),
                "confirmed": s.confirmed, "turns": s.turns, "topics": list(s.topics), "state": s.state}

    def handle(self, user_text: str) -> FlowReply:
        s = self._s
        s.turns += 1
        toks = normalize(user_text)
        joined = " " + " ".join(toks) + " "
        if s.state == "ended":
            return self._reply(self._say("goodbye"), end_call=True)
        if not toks:
            return self._reply(self._say("not_caught") + " " + self._next_question())
        intents = {name for name, words in _INTENTS.items() if any(_has(joined, w) for w in words)}
        if self._menu_topic(joined):
            intents.add("menu")
        awaiting = s.state[4:] if s.state.startswith("ask_") and s.state != "ask_correction" else None
        found = extract_slots(user_text, self.today, expecting=awaiting)
        yes_no = extract_yes_no(user_text)

        if s.state == "confirm":
            reply = self._on_confirm(found, yes_no, joined)
            if reply and s.confirmed and "goodbye" in intents:
                s.state = "ended"
                return self._reply(self._say("booked_goodbye", **self._booking_fmt()), end_call=True)
            if reply:
                return reply
        if "cancel" in intents:
            return self._cancel()
        if "goodbye" in intents or (s.state in ("booked", "anything_else") and yes_no is False
                                    and not found.found() and is_done_no(user_text)):
            return self._goodbye()
        info = intents & {"hours", "menu", "location"}
        only_when = set(found.found()) <= {"day", "time"}
        if info and (not found.found() or (only_when and "booking" not in intents)):
            return self._answer_info(info, found, joined)
        if s.state == "ask_correction":
            for slot, words in _CHANGE_WORDS.items():
                if not found.found() and any(_has(joined, w) for w in words):
                    s.slots[slot] = None
                    s.state = f"ask_{slot}"
                    return self._reply(self._say(slot))
        if found.found() or "booking" in intents:
            if s.confirmed and not found.found():
                return self._reply(self._say("booked", **self._booking_fmt()))
            return self._fill(found)
        if s.state == "offer_booking" and yes_no is not None:
            if yes_no:
                s.booking_started = True
                return self._reply(self._next_question())
            s.state = "anything_else"
            return self._reply(self._say("anything_else"))
        if s.state == "anything_else" and yes_no:
            s.state = "start"
            return self._reply("Sure, what can I help with?")
        return self._small_talk(user_text, toks)

    # --- steps -------------------------------------------------------------------------------------
    def _next_question(self) -> str:
        """Move to the first missing slot (or the confirmation) and return the question for it."""
        s = self._s
        if not s.booking_started:
            return self._say("open_question")
        for slot in SLOT_ORDER:
            if s.slots[slot] is None:
                s.state = f"ask_{slot}"
                return self._say(slot)
        s.state = "confirm"
        return self._say("confirm", **self._booking_fmt())

    def _current_question(self) -> str:
        s = self._s
        if s.state.startswith("ask_") and s.state != "ask_correction":
            return self._say(s.state[4:])
        if s.state == "confirm":
            return self._say("confirm", **self._booking_fmt())
        if s.state == "ask_correction":
            return self._say("what_change")
        if s.state in ("booked", "anything_else"):
            s.state = "anything_else"
            return self._say("anything_else")
        s.state = "offer_booking"
        return self._say("offer_booking")

    def _validate(self, found: Slots) -> tuple[str, str] | None:
        """Drop slot values the restaurant cannot take; return (slot, the sentence that says why)."""
        problems: list[tuple[str, str]] = []
        if found.party_size is not None and found.party_size > self.info.max_party:
            found.party_size = None
            problems.append(("party_size", self._say("too_many")))
        if found.day is not None and found.day.weekday() not in self.info.open_weekdays:
            problems.append(("day", f"Sorry, we're closed on {WEEKDAY_NAMES[found.day.weekday()]}s."))
            found.day = None
        t = found.time
        if t is not None and not (self.info.opens.minutes <= t.minutes <= self.info.last_booking.minutes):
            problems.append(("time", f"Sorry, we take bookings from {self.info.opens.spoken()} until "
                                     f"{self.info.last_booking.spoken()}."))
            found.time = None
        return problems[0] if problems else None

    def _fill(self, found: Slots) -> FlowReply:
        s = self._s
        correcting = s.state in ("confirm", "ask_correction") or s.confirmed
        s.booking_started = True
        s.cancelled = False
        problem = self._validate(found)
        new = {k: v for k, v in found.found().items() if s.slots[k] != v}
        s.slots.update(new)
        if new and s.confirmed:
            s.confirmed = False  # a change after booking needs a fresh confirmation
        if problem:
            slot, sentence = problem
            s.slots[slot] = None
            if slot == "party_size":  # the refusal already ends with its own question
                s.state = "ask_party_size"
                return self._reply(sentence)
            return self._reply(f"{sentence} {self._next_question()}")
        parts = []
        if "party_size" in new:
            parts.append(f"a table for {new['party_size']}")
        if found.day is not None and "day" in new:
            parts.append(self._day_words(found.day))
        if found.time is not None and "time" in new:
            parts.append(f"at {found.time.spoken()}")
        if "name" in new and len(new) > 1:
            parts.append(f"under {new['name']}")
        question = self._next_question()
        if s.state == "confirm" or not parts:
            prefix = "No problem. " if new and correcting else ""
            return self._reply(prefix + question)
        return self._reply(f"{self._say('ack')}, {' '.join(parts)}. {question}")

    def _on_confirm(self, found: Slots, yes_no: bool | None, joined: str) -> FlowReply | None:
        s = self._s
        changes = {k: v for k, v in found.found().items() if s.slots[k] != v}
        if changes:
            return self._fill(found)
        if yes_no is True:
            s.confirmed = True
            s.state = "booked"
            return self._reply(self._say("booked", **self._booking_fmt()))
        if yes_no is False:
            for slot, words in _CHANGE_WORDS.items():
                if any(_has(joined, w) for w in words):
                    s.slots[slot] = None
                    s.state = f"ask_{slot}"
                    return self._reply(self._say(slot))
            s.state = "ask_correction"
            return self._reply(self._say("what_change"))
        return None

    def _goodbye(self) -> FlowReply:
        s = self._s
        text = self._say("goodbye_booked", **self._booking_fmt()) if s.confirmed else self._say("goodbye")
        s.state = "ended"
        return self._reply(text, end_call=True)

    def _cancel(self) -> FlowReply:
        s = self._s
        if not s.booking_started and not s.confirmed:
            return self._small_talk_reply("")
        s.slots = dict.fromkeys(SLOT_ORDER)
        s.confirmed, s.cancelled, s.booking_started = False, True, False
        s.state = "anything_else"
        return self._reply(self._say("cancelled"))

    def _menu_topic(self, joined: str) -> str | None:
        for topic, (words, _) in self.info.menu.items():
            if any(_has(joined, w) for w in words):
                return topic
        return next((k for k in self.info.dishes if _has(joined, k)), None)

    def _answer_info(self, info: set[str], found: Slots, joined: str) -> FlowReply:
        answers = []
        if "hours" in info:
            self._s.topics.append("hours")
            answers.append(self._hours_answer(found.day, joined))
        if "menu" in info:
            topic = self._menu_topic(joined) or "menu"
            self._s.topics.append(f"menu:{topic}")
            dish = next((v for k, v in self.info.dishes.items() if _has(joined, k)), None)
            if dish:
                self._s.topics[-1] = "menu:dish"
                answers.append(f"{dish[0].capitalize()} is {dish[1]} pounds.")
            else:
                answers.append(self.info.menu[topic][1])
        if "location" in info:
            self._s.topics.append("location")
            answers.append(self.info.address)
        return self._reply(" ".join([*answers[:2], self._current_question()]))

    def _hours_answer(self, day: date | None, joined: str) -> str:
        if _has(joined, "available") or _has(joined, "availability"):
            return (f"We take bookings from {self.info.opens.spoken()} until "
                    f"{self.info.last_booking.spoken()}, Tuesday to Sunday.")
        if day is None:
            return self.info.hours_sentence()
        if day.weekday() not in self.info.open_weekdays:
            return (f"Sorry, we're closed on {WEEKDAY_NAMES[day.weekday()]}s, but "
                    + self.info.hours_sentence()[len("We're "):].split(", and")[0] + ".")
        hours = f"from {self.info.opens.spoken()} to {self.info.closes.spoken()}"
        when = self._day_words(day)
        if when in ("today", "tomorrow"):  # the caller may have asked by weekday: say which one it is
            when = f"{when}, {WEEKDAY_NAMES[day.weekday()]},"
        return f"Yes, {when} we're open {hours}."

    def _small_talk(self, user_text: str, toks: list[str]) -> FlowReply:
        s = self._s
        asking_slot = s.state.startswith("ask_") or s.state == "confirm"
        chatty = "?" in user_text or toks[0] in _QUESTION_STARTS or any(
            w in toks for w in ("thanks", "thank", "hello", "hi", "hey", "weather", "joke", "lovely", "nice"))
        if asking_slot and not chatty:
            return self._reply(f"{self._say('not_caught')} {self._current_question()}")
        return self._small_talk_reply(self._current_question())

    def _small_talk_reply(self, follow_up: str) -> FlowReply:
        follow_up = follow_up or self._current_question()
        instruction = (f"You answer the phone at {self.info.name}, a restaurant. Reply to the caller in one "
                       "short, friendly sentence. Do not ask a question and do not make up facts, prices, "
                       f"times or bookings. After your sentence the desk will say: \"{follow_up}\"")
        return self._reply("", use_llm=True, llm_instruction=instruction, follow_up=follow_up)
