"""The full-duplex benchmark's cases, generated from templates with a seed into a YAML file.

    python -m chinwag.bench.duplex_scenarios --seed 0 --out chinwag/data/scenarios/duplex.yaml

Every task has its own templates for every split in ``caller_voices.SPLIT_VOICES`` (``duplex_templates.py``,
from swathed on ``duplex_late_templates.py`` and from glazed on ``duplex_later_templates.py``;
``duplex_overlap_templates.py`` for what is said over the agent and ``duplex_story_templates.py`` for the
backchannel task's stories); each split's cases use its own templates with its own caller voices, so
nothing tuned on the dev split has seen another split's sentence or voice. How to add a split: see
``caller_voices.py``.
The file is generated, not hand-edited: change the templates and regenerate.
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml  # type: ignore[import-untyped]

from chinwag.bench import duplex_late_templates, duplex_later_templates, duplex_templates
from chinwag.bench.caller_voices import SPLIT_VOICES
from chinwag.bench.duplex_overlap_templates import (
    ACKNOWLEDGEMENTS,
    COUGH,  # noqa: F401  (re-exported for the simulator and the bench)
    INTERRUPTIONS,
)
from chinwag.bench.duplex_story_templates import STORIES
from chinwag.errors import ConfigError

# duplex_templates.py reached its size limit: from swathed on, a split's pause, question and long-reply
# sentences are in duplex_late_templates.py, and from glazed on (that one full too) in duplex_later_templates.py
_TEMPLATE_MODULES = (duplex_templates, duplex_late_templates, duplex_later_templates)
PAUSES = {k: v for m in _TEMPLATE_MODULES for k, v in m.PAUSES.items()}
QUESTIONS = {k: v for m in _TEMPLATE_MODULES for k, v in m.QUESTIONS.items()}
LONG_REPLY_QUESTIONS = {k: v for m in _TEMPLATE_MODULES for k, v in m.LONG_REPLY_QUESTIONS.items()}

TASKS = ("pause_handling", "backchannel", "smooth_turn_taking", "user_interruption", "user_backchannel",
         "pause_fragment")
# pause_fragment: the pause-handling cases again, with the words before the pause spoken as a sentence
# of their own (falling pitch, as if finished) instead of cut from the whole sentence: chinwag's own
# harder row, where only the words can tell that the caller is not done.
PAUSE_TASKS = ("pause_handling", "pause_fragment")
# "fresh": sentences and voices written after all tuning was done, for a one-off check that the dev /
# held-out figures carry over; never part of the default run ("all" = dev + held-out).
# "unseen": like "fresh", but kept from the developers until the final check (see duplex_templates.py).
# "novel": the same again, written in session 5 before that session's tuning (see duplex_templates.py).
# "sealed": the same again, written in session 6 before that session's tuning, kept from the developers.
# "blind": the same again, written in session 7 before that session's tuning, kept from the developers.
# "veiled": the same again, written in session 8 before that session's tuning, kept from the developers.
# "shrouded": the same again, written in session 9 before that session's tuning, kept from the developers.
# "cloaked": the same again, written in session 10 before that session's tuning, kept from the developers.
# "masked": the same again, written in session 10b before that session's tuning, kept from the developers.
# "hooded": the same again, written in session 11 before that session's tuning, kept from the developers.
# "cowled": the same again, written in session 12 before that session's tuning, kept from the developers.
# "shaded": the same again, written in session 13 before that session's tuning, kept from the developers.
# "draped": the same again, written in session 14 before that session's tuning, kept from the developers.
# "swathed": the same again, written in session 14 before that session's final measurement, kept from the
# developers.
# "mantled": the same again, written in session 15 before that session's changes, kept from the developers.
# "screened": the same again, written in session 15 for a later session's untuned run, kept from the
# developers.
# "curtained": the same again, written in session 16 for that session's untuned run, kept from the
# developers.
# "shuttered": the same again, written in session 17 for a later session's untuned run, kept from the
# developers.
# "latticed": the same again, written in session 17 for a later session's untuned run, kept from the
# developers.
# "gabled": the same again, written in session 18 for an untuned run, kept from the developers.
# "louvred": the same again, written in session 18 for a later session's untuned run, kept from the
# developers.
# "thatched": the same again, written in session 19 for an untuned run, kept from the developers.
# "shingled": the same again, written in session 21 for an untuned run, kept from the developers.
# "slated": the same again, written in session 22 for an untuned run, kept from the developers.
# "tiled": the same again, written in session 23 for an untuned run, kept from the developers.
# "glazed": the same again, written in session 24 for an untuned run, kept from the developers.
# A split is only ever appended (to caller_voices.SPLIT_VOICES): each split's random numbers depend on its
# position.
SPLITS = tuple(SPLIT_VOICES)
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "scenarios" / "duplex.yaml"
FILE_VERSION = 1


@dataclass(frozen=True)
class DuplexCase:
    id: str
    task: str
    split: str
    template: str
    voice: str
    texts: tuple[str, ...]
    seed: int
    lead_s: float = 0.6  # silence before the user first speaks
    pause_s: float | None = None  # pause handling: the mid-sentence pause
    gaps_s: tuple[float, ...] = ()  # backchannel: gaps between the clauses of the long turn
    offset_s: float | None = None  # interruption / user backchannel: time after the agent starts

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["texts"] = list(self.texts)
        d["gaps_s"] = list(self.gaps_s)
        return {k: v for k, v in d.items() if v not in (None, [])}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DuplexCase:
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - fields
        if unknown:
            raise ConfigError(f"duplex case {d.get('id', '?')} has unknown keys {sorted(unknown)}; "
                              "regenerate the file with python -m chinwag.bench.duplex_scenarios")
        args = dict(d)
        args["texts"] = tuple(d["texts"])
        args["gaps_s"] = tuple(d.get("gaps_s", ()))
        return cls(**args)


def _voices(split: str) -> list[str]:
    return [v.name for v in SPLIT_VOICES[split]]


def _round(x: float) -> float:
    return round(float(x), 2)


def _case(task: str, split: str, i: int, rng: np.random.Generator) -> DuplexCase:
    """Case ``i``: templates cycle so that every template meets every voice of the split."""
    voices = _voices(split)
    seed = int(rng.integers(0, 2**31 - 1))
    cid = f"{task}-{split}-{i:03d}"

    def pick(n: int) -> tuple[int, str]:
        return i % n, voices[(i + i // n) % len(voices)]

    if task in PAUSE_TASKS:
        k, voice = pick(len(PAUSES[split]))
        return DuplexCase(cid, task, split, f"pause-{split}-{k}", voice, PAUSES[split][k], seed,
                          pause_s=_round(rng.uniform(0.5, 2.5)))
    if task == "backchannel":
        voice = voices[i % len(voices)]
        story = STORIES[split]
        n = int(rng.integers(3, 5))  # 3-4 clauses: about 8-15 s of speech ...
        first = int(rng.integers(0, len(story) - 4 + 1))
        if sum(len(c.split()) for c in story[first : first + n]) < 34:
            n = 4  # ... but never so few words that a fast voice says them in under 8 s
        clauses = tuple(story[first : first + n])
        gaps = tuple(_round(g) for g in rng.uniform(0.2, 0.4, n - 1))
        return DuplexCase(cid, task, split, f"story-{split}", voice, clauses, seed, gaps_s=gaps)
    if task == "smooth_turn_taking":
        k, voice = pick(len(QUESTIONS[split]))
        return DuplexCase(cid, task, split, f"question-{split}-{k}", voice, (QUESTIONS[split][k],), seed)
    k, voice = pick(len(LONG_REPLY_QUESTIONS[split]))
    j = (i // len(LONG_REPLY_QUESTIONS[split])) % 4
    question = LONG_REPLY_QUESTIONS[split][k]
    offset = _round(rng.uniform(0.8, 2.0))
    if task == "user_interruption":
        return DuplexCase(cid, task, split, f"interrupt-{split}-{k}-{j}", voice,
                          (question, INTERRUPTIONS[split][j]), seed, offset_s=offset)
    if task == "user_backchannel":
        return DuplexCase(cid, task, split, f"ack-{split}-{k}-{j}", voice,
                          (question, ACKNOWLEDGEMENTS[split][j]), seed, offset_s=offset)
    raise ConfigError(f"unknown duplex task '{task}'; choose one of: {', '.join(TASKS)}")


def generate_cases(seed: int = 0, per_split: int = 20) -> list[DuplexCase]:
    """``per_split`` cases of every task in every split (``SPLITS``), reproducible from ``seed``; a split
    added later does not change the cases of the earlier ones."""
    cases: list[DuplexCase] = []
    for t, task in enumerate(TASKS):
        if task == "pause_fragment":  # the same sentences, voices and pauses as pause_handling
            cases += [dataclasses.replace(c, id=c.id.replace("pause_handling", task), task=task)
                      for c in cases if c.task == "pause_handling"]
            continue
        for s, split in enumerate(SPLITS):
            rng = np.random.default_rng([seed, t, s])
            cases += [_case(task, split, i, rng) for i in range(per_split)]
    return cases


def save_cases(cases: list[DuplexCase], path: str | Path, seed: int) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    doc = {"version": FILE_VERSION, "seed": seed,
           "generated_by": f"python -m chinwag.bench.duplex_scenarios --seed {seed}",
           "cases": [c.to_dict() for c in cases]}
    header = ("# Generated by chinwag.bench.duplex_scenarios; edit the templates (duplex_templates.py), "
              "not this file.\n")
    p.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110))
    return p


def load_cases(path: str | Path | None = None) -> list[DuplexCase]:
    p = Path(path) if path else DEFAULT_PATH
    if not p.is_file():
        raise ConfigError(f"no duplex scenario file at {p}; create it with: "
                          f"python -m chinwag.bench.duplex_scenarios --seed 0 --out {p}")
    doc = yaml.safe_load(p.read_text())
    if not isinstance(doc, dict) or doc.get("version") != FILE_VERSION:
        raise ConfigError(f"{p} is not a version-{FILE_VERSION} duplex scenario file; regenerate it")
    return [DuplexCase.from_dict(c) for c in doc["cases"]]


def select_cases(cases: list[DuplexCase], per_task: int, split: str = "all") -> list[DuplexCase]:
    """``per_task`` cases of every task, half dev and half held-out when ``split`` is "all"."""
    if split not in ("all", *SPLITS):
        raise ConfigError(f"split must be 'all' (dev + held-out) or one of {', '.join(SPLITS)}, not '{split}'")
    chosen: list[DuplexCase] = []
    for task in TASKS:
        if split == "all":
            n_dev = (per_task + 1) // 2
            quotas = {"dev": n_dev, "held_out": per_task - n_dev}
        else:
            quotas = {split: per_task}
        for name, quota in quotas.items():
            chosen += [c for c in cases if c.task == task and c.split == name][:quota]
    return chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-split", type=int, default=20, help="cases per task and split")
    parser.add_argument("--out", default=str(DEFAULT_PATH))
    args = parser.parse_args(argv)
    cases = generate_cases(args.seed, args.per_split)
    path = save_cases(cases, args.out, args.seed)
    print(f"wrote {len(cases)} cases ({len(TASKS)} tasks x {len(SPLITS)} splits x {args.per_split}) "
          f"to {path}")


if __name__ == "__main__":
    main()
