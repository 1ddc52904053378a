"""Guardrails: blocked topics for what the caller asks and what the agent says, and PII redaction.

A policy file (TOML, see ``chinwag/configs/policy.toml``) lists blocked topics as phrases and regular
expressions. The agent checks each final user transcript before asking the language model (a blocked
topic is answered with the refusal line instead) and each clause the model writes before speaking it.

PII must be caught before it is *spoken*, and the model streams a card number as several tokens, so
``StreamingRedactor`` holds back any tail that could still grow into a match and releases text only
when it is safe. For any split of a text into pieces its output equals ``redact(text)``.

Every decision is a ``GuardDecision`` whose ``to_dict`` becomes a ``guardrail`` event.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from chinwag.errors import ConfigError
from chinwag.think.redact import (
    ALL_KINDS,
    DEFAULT_TAGS,
    Redaction,
    apply_redactions,
    find_pii,
    safe_release_point,
)

SOURCES = ("user", "agent")
_TOP_KEYS = {"version", "refusal", "redaction", "topics"}
_TOPIC_KEYS = {"phrases", "patterns", "refusal", "applies_to", "description"}
DEFAULT_REFUSAL = "Sorry, I can't help with that."


@dataclass(frozen=True)
class GuardDecision:
    kind: str  # "topic" | "pii" | "none"
    rule: str  # topic name, or PII kind ("card", "phone", ...)
    action: str  # "allow" | "refuse" | "redact"
    source: str = "user"  # "user" | "agent" | "transcript"
    span: tuple[int, int] | None = None
    detail: str = ""  # which phrase or pattern matched; never the PII itself
    refusal: str = ""  # what to say instead, for "refuse"

    @property
    def blocked(self) -> bool:
        return self.action == "refuse"

    def to_dict(self) -> dict[str, Any]:
        """Event data. ``kind`` is written as ``category``: the dict is splatted into
        ``AgentContext.event(kind, stream, **data)``, where a "kind" key would collide."""
        return {"category": self.kind, "rule": self.rule, "action": self.action, "source": self.source,
                "span": list(self.span) if self.span else None, "detail": self.detail,
                "refusal": self.refusal}

    @classmethod
    def allow(cls, source: str) -> GuardDecision:
        return cls("none", "", "allow", source)

    @classmethod
    def from_redaction(cls, r: Redaction, source: str) -> GuardDecision:
        return cls("pii", r.kind, "redact", source, (r.start, r.end), detail=r.tag)


@dataclass(frozen=True)
class BlockedTopic:
    name: str
    rules: tuple[tuple[str, re.Pattern[str]], ...]  # (what the policy file said, compiled)
    refusal: str
    applies_to: frozenset[str] = frozenset(SOURCES)

    def first_match(self, text: str) -> tuple[str, re.Match[str]] | None:
        hits = [(label, m) for label, rx in self.rules if (m := rx.search(text))]
        return min(hits, key=lambda h: h[1].start()) if hits else None


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive; ``*`` at a word's end matches any ending; any punctuation or
    spacing may separate the words (speech transcripts hyphenate unpredictably)."""
    words = phrase.lower().split()
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(parts) + r"(?!\w)", re.IGNORECASE)


class GuardrailPolicy:
    def __init__(self, topics: list[BlockedTopic], refusal: str = DEFAULT_REFUSAL,
                 redaction_kinds: tuple[str, ...] = ALL_KINDS, tags: dict[str, str] | None = None,
                 source: str = "<code>") -> None:
        self.topics = topics
        self.refusal = refusal
        self.redaction_kinds = redaction_kinds
        self.tags = {**DEFAULT_TAGS, **(tags or {})}
        self.source = source

    # --- loading -------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None) -> GuardrailPolicy:
        """Read a policy file; ``None`` reads the bundled restaurant policy."""
        if path is None:
            ref = resources.files("chinwag") / "configs" / "policy.toml"
            text, where = ref.read_text(encoding="utf-8"), "bundled chinwag/configs/policy.toml"
        else:
            p = Path(path)
            if not p.is_file():
                raise ConfigError(f"guardrail policy file {p} not found; pass an existing .toml file, "
                                  "or none to use the bundled policy")
            try:
                text = p.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"cannot read guardrail policy {p}: {exc}") from exc
            where = str(p)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"guardrail policy {where} is not valid TOML ({exc}); fix the syntax") from exc
        return cls.from_dict(data, where)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "<dict>") -> GuardrailPolicy:
        def fail(msg: str) -> ConfigError:
            return ConfigError(f"guardrail policy {source}: {msg}")

        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise fail(f"unknown keys {sorted(unknown)}; allowed: {sorted(_TOP_KEYS)}")
        refusal = data.get("refusal", DEFAULT_REFUSAL)
        if not isinstance(refusal, str) or not refusal.strip():
            raise fail("'refusal' must be a non-empty string (the line said instead of a blocked answer)")
        redaction = data.get("redaction", {})
        if not isinstance(redaction, dict):
            raise fail("[redaction] must be a table")
        kinds = redaction.get("kinds", list(ALL_KINDS))
        if not isinstance(kinds, list) or any(k not in ALL_KINDS for k in kinds):
            raise fail(f"redaction.kinds must be a list drawn from {list(ALL_KINDS)}, got {kinds!r}")
        tags = redaction.get("tags", {})
        bad_tags = not isinstance(tags, dict) or any(
            k not in ALL_KINDS or not isinstance(v, str) for k, v in tags.items())
        if bad_tags:
            raise fail(f"[redaction.tags] maps {list(ALL_KINDS)} to strings, got {tags!r}")
        topics_data = data.get("topics", {})
        if not isinstance(topics_data, dict):
            raise fail("[topics] must be a table of [topics.<name>] tables")
        topics = [cls._topic(name, spec, refusal, fail) for name, spec in topics_data.items()]
        return cls(topics, refusal, tuple(kinds), tags, source)

    @staticmethod
    def _topic(name: str, spec: Any, default_refusal: str, fail: Any) -> BlockedTopic:
        if not isinstance(spec, dict):
            raise fail(f"topic '{name}' must be a table")
        unknown = set(spec) - _TOPIC_KEYS
        if unknown:
            raise fail(f"topic '{name}' has unknown keys {sorted(unknown)}; allowed: {sorted(_TOPIC_KEYS)}")
        rules: list[tuple[str, re.Pattern[str]]] = []
        for key in ("phrases", "patterns"):
            items = spec.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                raise fail(f"topic '{name}': '{key}' must be a list of non-empty strings")
            for item in items:
                if key == "phrases":
                    rules.append((f"phrase: {item}", phrase_pattern(item)))
                    continue
                try:
                    rules.append((f"pattern: {item}", re.compile(item, re.IGNORECASE)))
                except re.error as exc:
                    msg = f"topic '{name}': pattern {item!r} is not a valid regular expression ({exc})"
                    raise fail(msg) from exc
        if not rules:
            raise fail(f"topic '{name}' has no phrases or patterns; add some or remove the topic")
        applies_to = spec.get("applies_to", list(SOURCES))
        if not isinstance(applies_to, list) or not applies_to or any(a not in SOURCES for a in applies_to):
            raise fail(f"topic '{name}': applies_to must list some of {list(SOURCES)}, got {applies_to!r}")
        refusal = spec.get("refusal", default_refusal)
        if not isinstance(refusal, str) or not refusal.strip():
            raise fail(f"topic '{name}': refusal must be a non-empty string")
        return BlockedTopic(name, tuple(rules), refusal, frozenset(applies_to))

    # --- checks --------------------------------------------------------------------------------------
    def check(self, text: str, source: str) -> GuardDecision:
        """The earliest blocked-topic match in ``text`` for ``source`` ("user" or "agent")."""
        best: tuple[BlockedTopic, str, re.Match[str]] | None = None
        for topic in self.topics:
            if source not in topic.applies_to:
                continue
            hit = topic.first_match(text)
            if hit and (best is None or hit[1].start() < best[2].start()):
                best = (topic, *hit)
        if best is None:
            return GuardDecision.allow(source)
        topic, label, m = best
        return GuardDecision("topic", topic.name, "refuse", source, m.span(), label, topic.refusal)

    def check_user_text(self, text: str) -> GuardDecision:
        return self.check(text, "user")

    def check_agent_text(self, text: str) -> GuardDecision:
        return self.check(text, "agent")

    def redact(self, text: str) -> tuple[str, list[Redaction]]:
        spans = find_pii(text, self.redaction_kinds)
        spans = [Redaction(r.kind, r.start, r.end, self.tags[r.kind]) for r in spans]
        return apply_redactions(text, spans, self.tags), spans

    def streaming_redactor(self, source: str = "agent") -> StreamingRedactor:
        return StreamingRedactor(self.redaction_kinds, self.tags, source)


@dataclass
class StreamingRedactor:
    """Redacts text that arrives piece by piece, releasing only what can no longer become PII.

    State is per utterance: call ``reset`` (or make a new one) for the next. ``decisions`` collects one
    ``GuardDecision`` per redaction, with spans in the concatenated input.
    """

    kinds: tuple[str, ...] = ALL_KINDS
    tags: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TAGS))
    source: str = "agent"
    decisions: list[GuardDecision] = field(default_factory=list)
    _text: str = ""
    _released: int = 0  # input up to here has been output

    def push(self, piece: str) -> str:
        self._text += piece
        return self._release(safe_release_point(self._text, self._released))

    def flush(self) -> str:
        return self._release(len(self._text))

    def reset(self) -> None:
        self.decisions = []
        self._text = ""
        self._released = 0

    @property
    def pending(self) -> str:
        """Input held back so far (not yet safe to speak)."""
        return self._text[self._released:]

    def _release(self, upto: int) -> str:
        if upto <= self._released:
            return ""
        spans = find_pii(self._text, self.kinds, self._released)
        # A finished match may reach into the held-back tail ("4111 ... 1111.@" holds "1111.@" as a
        # possible e-mail): never cut through a match, hold the whole of it instead.
        upto = min([upto, *(r.start for r in spans if r.start < upto < r.end)])
        spans = [r for r in spans if r.end <= upto]
        out = apply_redactions(self._text, spans, self.tags, self._released, upto)
        self.decisions += [GuardDecision.from_redaction(r, self.source) for r in spans]
        self._released = upto
        return out
