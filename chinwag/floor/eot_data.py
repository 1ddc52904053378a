"""Labelled end-of-turn data generated here: synthetic caller turns with and without mid-turn pauses.

Why generated: we need many pauses whose truth we know exactly (a mid-turn hesitation vs the real end),
across voices, rates and noise. A turn is either a complete utterance (its end is a true end of turn) or
``before`` + pause of 0.5–2.5 s + ``after`` at a natural hesitation place (after "for", "and", "um", a
half-said number ...); the ``after`` end is a true end too. Each pause becomes a ``PauseEvent``: the
prosody features the tracker reports at every 20 ms of the silence, plus the words an ASR would have
shown so far: by default the script with ASR-like noise (fillers dropped, numbers as digits; the
shipped model is trained on these), or, with ``hearing="whisper"``, what the shipped Whisper really
hears of each sentence spoken whole and cut at the hesitation (``eot_audio``).

Templates and voices are split so held-out sentences and voices are never seen in training.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import numpy as np

from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE_HZ, Stream, split_frames
from chinwag.errors import BackendUnavailableError, ConfigError
from chinwag.floor.eot_audio import Ears, Heard, Synthesizer
from chinwag.floor.eot_templates import KIND_WEIGHTS, TEMPLATES, VOICES, Template
from chinwag.listen.prosody import ProsodyTracker

log = logging.getLogger(__name__)

DATA_VERSION = "eot-data-v3"
SPLITS = ("train", "dev", "heldout")
PROSODY_KEYS = (
    "pitch_slope_st_per_s",
    "final_pitch_st",
    "energy_drop_db",
    "speaking_rate_hz",
    "final_run_ms",
)
END_QUERY_MS = 3000  # how long after a true end we keep asking (dead air is capped here)
DEFAULT_TURNS = {"train": 240, "dev": 160, "heldout": 200}
ASR_LAG_MS = (150, 450)  # the last word reaches the partial transcript this long after it ends
# where the data's words come from (see ``load_dataset``); the Whisper hearings name the model that gives the words
WHISPER_WORDS = {"whisper": "tiny", "whisper-base": "base"}
HEARINGS = ("script", *WHISPER_WORDS)
HEARING_MARGIN_MS = 200  # audio the recogniser gets either side of the speech
# what each Whisper decode records, and how a looping decode is redone (bump to regenerate)
HEARD_VERSION = "words+tail+probability+probe2+last-word+loop-redecode"
FILLERS = ("um", "uh", "er")
_DIGITS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifteen": "15",
}


@dataclass(frozen=True)
class PauseEvent:
    """One silence after speech: either a mid-turn pause (must not commit) or a true end of turn."""

    turn_id: str
    split: str
    voice: str
    template_id: str
    kind: str  # the template's hesitation kind; "complete" for turns without a pause
    is_end: bool
    words: str  # what the ASR partial shows once it has caught up with the speech
    words_partial: str  # what it shows in the first ``asr_lag_ms`` of the silence (last word missing)
    asr_lag_ms: float
    pause_limit_ms: float  # true pause length (mid-turn) or END_QUERY_MS (end of turn)
    prosody: np.ndarray  # (n_queries, len(PROSODY_KEYS)); row k: after k+1 silent frames
    # with the words Whisper hears: the tail probe's logit on that decode and its mean word probability
    tail_logit: float | None = None
    heard_probability: float | None = None
    last_word_probability: float | None = None  # Whisper's for the last word it heard (session 18)

    @property
    def query_pause_ms(self) -> np.ndarray:
        return (np.arange(self.prosody.shape[0]) + 1.0) * FRAME_MS

    def words_at(self, pause_ms: float, lag_scale: float = 1.0) -> str:
        return self.words_partial if pause_ms < self.asr_lag_ms * lag_scale else self.words


@dataclass(frozen=True)
class TurnSpec:
    turn_id: str
    split: str
    voice: str
    template: Template
    paused: bool
    filler: str  # "" when none
    before_punct: str
    pause_ms: int
    rate_wpm: int
    pitch: int
    snr_db: float
    level_db: float
    asr_lag_ms: int
    seed: int


def trim_to_frames(audio: np.ndarray) -> np.ndarray:
    """Cut the synthesiser's leading/trailing silence; pad to whole frames so pauses start on a frame."""
    env = np.abs(audio)
    loud = np.flatnonzero(env > env.max() * 0.01)
    if loud.size == 0:
        return np.zeros(FRAME_SAMPLES, dtype=np.float32)
    margin = SAMPLE_RATE_HZ // 200
    core = audio[max(0, loud[0] - margin) : loud[-1] + margin]
    out = np.zeros(-(-len(core) // FRAME_SAMPLES) * FRAME_SAMPLES, dtype=np.float32)
    out[: len(core)] = core
    return out


def asr_like(text: str, rng: random.Random) -> str:
    """What a Whisper-style partial might show: no punctuation, fillers often dropped, some digits."""
    words = []
    use_digits = rng.random() < 0.3
    for raw in text.lower().replace(",", " ").replace(".", " ").replace("?", " ").split():
        if raw in FILLERS and rng.random() < 0.4:
            continue
        if raw in _DIGITS and use_digits:
            raw = _DIGITS[raw]
        words.append(raw)
    return " ".join(words)


def plan_turns(split: str, n_turns: int, seed: int) -> list[TurnSpec]:
    rng = random.Random(f"{seed}-{split}")
    kinds = list(KIND_WEIGHTS)
    specs = []
    for i in range(n_turns):
        kind = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
        template = rng.choice([t for t in TEMPLATES if t.split == split and t.kind == kind])
        paused = template.after != "" and rng.random() < 0.8
        filler = (
            rng.choice(FILLERS) if paused and template.kind != "afterthought" and rng.random() < 0.35 else ""
        )
        punct = rng.choices([",", "", "."], weights=[0.7, 0.2, 0.1])[0]
        specs.append(
            TurnSpec(
                turn_id=f"{split}-{i:04d}",
                split=split,
                voice=rng.choice(VOICES[split]),
                template=template,
                paused=paused,
                filler=filler,
                before_punct=punct,
                pause_ms=rng.randrange(500, 2501, 20),
                rate_wpm=rng.randrange(140, 201),
                pitch=rng.randrange(30, 71),
                snr_db=rng.uniform(20, 40),
                level_db=rng.uniform(-30, -14),
                asr_lag_ms=rng.randrange(ASR_LAG_MS[0], ASR_LAG_MS[1] + 1, 10),
                seed=rng.randrange(2**31),
            )
        )
    return specs


def speak_turn(spec: TurnSpec, synth: Synthesizer, cut: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """The turn's speech: one utterance, or the words before and after the hesitation. ``cut``: the
    sentence is spoken whole and cut at the hesitation (``chinwag.speak.hesitation``); otherwise the
    halves are synthesized as sentences of their own."""
    t = spec.template

    def say(text: str) -> np.ndarray:
        return trim_to_frames(synth.speak(text, spec.voice, spec.rate_wpm, spec.pitch))

    if not spec.paused:
        return say(t.full), None
    before_text = t.before + (f", {spec.filler}," if spec.filler else spec.before_punct)
    if t.kind == "afterthought":
        before_text = t.before
    if cut and t.kind != "afterthought" and spec.before_punct != ".":
        try:
            a, b = synth.speak_paused(before_text, t.after, spec.voice, spec.rate_wpm, spec.pitch)
            return trim_to_frames(a), trim_to_frames(b)
        except BackendUnavailableError:  # no alignment or no break to cut at
            log.debug("could not cut %r at its pause; synthesizing the halves apart", t.full)
    return say(before_text), say(t.after)


def _events_for_turn(spec: TurnSpec, synth: Synthesizer, ears: Ears | None) -> list[PauseEvent]:
    """``ears`` None: the words are the script with ASR-like noise; otherwise what Whisper hears."""
    rng = random.Random(spec.seed)
    t = spec.template
    lead = np.zeros(15 * FRAME_SAMPLES, dtype=np.float32)
    tail = np.zeros((END_QUERY_MS // FRAME_MS + 1) * FRAME_SAMPLES, dtype=np.float32)
    queries: list[tuple[int, int, str, bool, str]] = []  # (first silent frame, n, words, is_end, kind)
    decodes: list[Heard] = []  # with ``ears``: what each query's decode read
    a, b = speak_turn(spec, synth, cut=ears is not None)
    if b is not None:
        gap = np.zeros(spec.pause_ms // FRAME_MS * FRAME_SAMPLES, dtype=np.float32)
        parts = [lead, a, gap, b, tail]
        a_end = (len(lead) + len(a)) // FRAME_SAMPLES
        b_end = (len(lead) + len(a) + len(gap) + len(b)) // FRAME_SAMPLES
        heard = f"{t.before} {spec.filler}".strip()
        queries.append((a_end, len(gap) // FRAME_SAMPLES, asr_like(heard, rng), False, t.kind))
        full = f"{heard} {t.after}"
    else:
        full = t.full
        parts = [lead, a, tail]
        b_end = (len(lead) + len(a)) // FRAME_SAMPLES
    queries.append(
        (b_end, END_QUERY_MS // FRAME_MS, asr_like(full, rng), True, t.kind if b is not None else "complete")
    )

    clean = np.concatenate(parts)
    speech_rms = float(np.sqrt(np.mean(np.concatenate([a] if b is None else [a, b]) ** 2)) + 1e-9)
    gain = 10 ** (spec.level_db / 20) / speech_rms
    noise_rms = 10 ** ((spec.level_db - spec.snr_db) / 20)
    np_rng = np.random.default_rng(spec.seed)
    audio = (clean * gain + np_rng.standard_normal(len(clean)) * noise_rms).astype(np.float32)

    rows = prosody_rows(audio, [(first, n) for first, n, *_rest in queries])
    if ears is not None:  # what the recogniser shows at each silence: the turn so far, as the agent
        # hands it over (a little before the speech to a little after its end)
        margin = HEARING_MARGIN_MS // FRAME_MS * FRAME_SAMPLES
        start = len(lead) - margin
        decodes = [ears.hear(audio[start : first * FRAME_SAMPLES + margin], first * FRAME_SAMPLES - start)
                   for first, *_rest in queries]
        queries = [(first, n, h.words, is_end, kind)
                   for (first, n, _words, is_end, kind), h in zip(queries, decodes, strict=True)]
    return [
        PauseEvent(
            turn_id=spec.turn_id,
            split=spec.split,
            voice=spec.voice,
            template_id=t.template_id,
            kind=kind,
            is_end=is_end,
            words=words,
            words_partial=words.rsplit(" ", 1)[0] if " " in words else "",
            asr_lag_ms=float(spec.asr_lag_ms),
            pause_limit_ms=float(n * FRAME_MS),
            prosody=rows[qi],
            tail_logit=decodes[qi].tail_logit if decodes else None,
            heard_probability=decodes[qi].word_probability if decodes else None,
            last_word_probability=decodes[qi].last_word_probability if decodes else None,
        )
        for qi, (_first, n, words, is_end, kind) in enumerate(queries)
    ]


def prosody_rows(audio: np.ndarray, queries: list[tuple[int, int]]) -> list[np.ndarray]:
    """The prosody features at each silent frame of each query ``(first silent frame, frames)``,
    tracked over the whole recording as the agent tracks its caller's stream."""
    tracker = ProsodyTracker()
    wanted = {first + k: (qi, k) for qi, (first, n) in enumerate(queries) for k in range(n)}
    rows: list[list[list[float]]] = [[] for _ in queries]
    for frame in split_frames(audio, Stream.USER):
        tracker.step(frame.samples)
        hit = wanted.get(frame.index)
        if hit is not None:
            feats = tracker.features()
            rows[hit[0]].append([feats[k] for k in PROSODY_KEYS])
    return [np.asarray(r, dtype=np.float64).reshape(-1, len(PROSODY_KEYS)) for r in rows]


def _generate(specs: list[TurnSpec], hearing: str = "script") -> list[PauseEvent]:
    ears = Ears(WHISPER_WORDS[hearing]) if hearing in WHISPER_WORDS else None
    synth = Synthesizer()
    return [event for spec in specs for event in _events_for_turn(spec, synth, ears)]


def generate_split(split: str, n_turns: int, seed: int, hearing: str = "script") -> list[PauseEvent]:
    return _generate(plan_turns(split, n_turns, seed), _check_hearing(hearing))


def _check_hearing(hearing: str) -> str:
    if hearing not in HEARINGS:
        raise ConfigError(f"end-of-turn data words must be one of {', '.join(HEARINGS)}, not '{hearing}'")
    return hearing


def _cache_path(seed: int, turns: dict[str, int], cache_dir: Path, hearing: str = "script") -> Path:
    parts: list[object] = [DATA_VERSION, seed, turns, [asdict(t) for t in TEMPLATES], VOICES, KIND_WEIGHTS,
                           ASR_LAG_MS]
    if hearing != "script":  # the script data keeps its cache key (the shipped model was trained on it)
        from chinwag.floor.tail_probe import shipped_fingerprint

        parts += [hearing, HEARING_MARGIN_MS, HEARD_VERSION, shipped_fingerprint()]
    key = json.dumps(parts, sort_keys=True)
    return cache_dir / f"eot-{hashlib.sha1(key.encode()).hexdigest()[:16]}.npz"


def default_cache_dir() -> Path:
    return Path(os.environ.get("CHINWAG_CACHE", Path.home() / ".cache" / "chinwag")) / "eot"


def load_dataset(
    seed: int = 0,
    turns: dict[str, int] | None = None,
    cache_dir: Path | None = None,
    workers: int = 2,
    hearing: str = "script",
) -> dict[str, list[PauseEvent]]:
    """Events per split, generated once per (seed, sizes, templates, voices, hearing) and cached as
    .npz. ``hearing``: "script" (the shipped model's training data: the words as written, with
    ASR-like noise; halves of a paused sentence synthesized apart) or "whisper" (each sentence spoken
    whole and cut at the hesitation, and the words the shipped Whisper tiny really hears) or
    "whisper-base" (the same with Whisper base's words and word probabilities; the tail probe still
    reads tiny's encoder, which it was trained on). The last is an experiment: session 22 measured it
    worse for the agent's gate (held out 10.1 % vs 4.6 % false cut-offs), see docs/duplex-history-s22.md."""
    turns = dict(turns or DEFAULT_TURNS)
    path = _cache_path(seed, turns, cache_dir or default_cache_dir(), _check_hearing(hearing))
    if path.exists():
        return _read_cache(path)
    specs = [spec for split in SPLITS for spec in plan_turns(split, turns[split], seed)]
    chunks = [specs[i : i + 40] for i in range(0, len(specs), 40)]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(partial(_generate, hearing=hearing), chunks))
    else:
        results = [_generate(chunk, hearing) for chunk in chunks]
    data: dict[str, list[PauseEvent]] = {s: [] for s in SPLITS}
    for event in (e for chunk in results for e in chunk):
        data[event.split].append(event)
    _write_cache(path, data)
    log.info("wrote end-of-turn data cache %s", path)
    return data


def _write_cache(path: Path, data: dict[str, list[PauseEvent]]) -> None:
    write_events(path, [e for split in SPLITS for e in data[split]])


def write_events(path: Path, events: list[PauseEvent]) -> None:
    """One compressed file: the prosody rows of every event, and the rest as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = [
        {k: v for k, v in asdict(e).items() if k != "prosody"} | {"n": e.prosody.shape[0]} for e in events
    ]
    prosody = np.concatenate([e.prosody for e in events]) if events else np.zeros((0, len(PROSODY_KEYS)))
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, prosody=prosody, meta=np.array(json.dumps(meta)))
    tmp.replace(path)


def _read_cache(path: Path) -> dict[str, list[PauseEvent]]:
    data: dict[str, list[PauseEvent]] = {s: [] for s in SPLITS}
    for event in read_events(path):
        data[event.split].append(event)
    return data


def read_events(path: Path) -> list[PauseEvent]:
    with np.load(path) as npz:
        prosody = npz["prosody"]
        meta = json.loads(str(npz["meta"]))
    events, offset = [], 0
    for m in meta:
        n = m.pop("n")
        events.append(PauseEvent(**m, prosody=prosody[offset : offset + n]))
        offset += n
    return events
