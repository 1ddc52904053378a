"""End-of-turn examples from the duplex bench's own callers: each pause-handling case gives one
mid-sentence pause and one true end, each smooth turn-taking case one true end, as the agent would
read them (the prosody at every silent frame, the words Whisper hears, the tail probe's logit and
Whisper's word probability).

Why: the end-of-turn generator (``floor/eot_data.py``) speaks with a handful of voices, and a hold
model fitted on it alone ranked the bench's other callers' pauses far worse (AUC 0.86 against 0.99
on its own held-out turns). The bench's splits bring 30 more voices, accents, rates and noise levels.
The held-out split and any split kept unread stay out of training (``tail_bench.TRAIN_SPLITS``).
One split takes about 20 s the first time (cached under the duplex cache directory).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.errors import BackendUnavailableError
from chinwag.floor.eot_audio import Ears
from chinwag.floor.eot_data import (
    END_QUERY_MS,
    HEARING_MARGIN_MS,
    PauseEvent,
    prosody_rows,
    read_events,
    write_events,
)

if TYPE_CHECKING:
    from chinwag.bench.duplex_scenarios import DuplexCase

log = logging.getLogger(__name__)

TASKS = ("pause_handling", "smooth_turn_taking")
ASR_LAG_MS = 120.0  # the agent's partial decode lands ~0.1-0.15 s into a silence on this machine
EVENTS_VERSION = 4  # bump when the recogniser or the prosody features change (the probe is in the file name)
REPLY_DELAY_S = 0.5  # the render the bench uses for these tasks


def _frame(t_s: float) -> int:
    return round(t_s * 1000 / FRAME_MS)


Query = tuple[int, int, bool]  # (first silent frame, frames asked, is the true end)
MARGIN_SAMPLES = HEARING_MARGIN_MS // FRAME_MS * FRAME_SAMPLES  # heard past each silence's first frame
Silences = tuple[np.ndarray, int, list[Query]]  # (caller audio, turn start sample, its silences)


def case_silences(case: DuplexCase) -> Silences:
    """One case's rendered caller audio (padded with silence past the last query), the sample the
    agent's turn audio starts at (the VAD's pre-roll before the speech) and its silences: the
    mid-sentence pause, if any, and the turn's end. Each is heard from ``start`` to its first silent
    frame plus ``HEARING_MARGIN_MS``."""
    from chinwag.bench.simulator import cached_render

    rec = cached_render(case, REPLY_DELAY_S)
    audio, marks = np.asarray(rec.samples, dtype=np.float32), rec.marks
    queries: list[Query] = []
    if "pause_start_s" in marks:
        pause_s = marks["pause_end_s"] - marks["pause_start_s"]
        queries.append((_frame(marks["pause_start_s"]), _frame(pause_s), False))
    queries.append((_frame(marks["turn_end_s"]), END_QUERY_MS // FRAME_MS, True))
    need = (queries[-1][0] + queries[-1][1] + 1) * FRAME_SAMPLES
    if len(audio) < need:  # the recording may end before the last query: silence after it
        audio = np.concatenate([audio, np.zeros(need - len(audio), dtype=np.float32)])
    start = max(0, round(marks["turn_start_s"] * SAMPLE_RATE_HZ) - MARGIN_SAMPLES)
    return audio, start, queries


def split_silences(split: str) -> Iterator[tuple[DuplexCase, Silences]]:
    """Each pause-handling and turn-taking case of ``split`` with its silences (``case_silences``). A
    case the synthesiser cannot cut at its pause (Piper joins "beside the" into one word and gives no
    boundary between them) is left out with a warning, as the bench counts it among its errors."""
    from chinwag.bench.duplex_scenarios import load_cases

    for case in [c for c in load_cases() if c.split == split and c.task in TASKS]:
        try:
            silences = case_silences(case)
        except BackendUnavailableError as exc:
            log.warning("left out %s: %s", case.id, exc)
            continue
        yield case, silences


def case_events(case: DuplexCase, ears: Ears, silences: Silences | None = None) -> list[PauseEvent]:
    """The silences of one bench case as the agent's gate would meet them."""
    audio, start, queries = silences or case_silences(case)
    rows = prosody_rows(audio, [(first, n) for first, n, _end in queries])
    events = []
    for qi, (first, n, is_end) in enumerate(queries):
        heard = ears.hear(audio[start : first * FRAME_SAMPLES + MARGIN_SAMPLES], first * FRAME_SAMPLES - start)
        words = heard.words
        events.append(PauseEvent(
            turn_id=case.id, split=case.split, voice=case.voice, template_id=case.template,
            kind=case.task, is_end=is_end, words=words,
            words_partial=words.rsplit(" ", 1)[0] if " " in words else "", asr_lag_ms=ASR_LAG_MS,
            pause_limit_ms=float(n * FRAME_MS),
            prosody=rows[qi],
            tail_logit=heard.tail_logit, heard_probability=heard.word_probability,
            last_word_probability=heard.last_word_probability))
    return events


def split_events(split: str, cache_dir: Path | None = None) -> list[PauseEvent]:
    """Every pause and turn end of one bench split's pause-handling and turn-taking cases (cached)."""
    from chinwag.bench.simulator import duplex_cache_dir
    from chinwag.floor.tail_probe import shipped_fingerprint

    probe = shipped_fingerprint()  # the events carry the shipped probe's logits
    path = (cache_dir or duplex_cache_dir()) / f"pause-events-{split}-v{EVENTS_VERSION}-{probe}.npz"
    if path.exists():
        return read_events(path)
    log.info("reading the %s split's cases for end-of-turn examples (about 20 s)", split)
    ears = Ears()
    events = [e for case, silences in split_silences(split) for e in case_events(case, ears, silences)]
    write_events(path, events)
    return events
