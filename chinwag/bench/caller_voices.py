"""The synthetic callers' voices, and the one list of the duplex bench's splits (``SPLIT_VOICES``).

Kept apart from ``callers.py`` (which renders them, with numpy and the synthesizers) so that reading the
split names costs nothing: ``duplex_scenarios.SPLITS``, the simulator's voices, the report's titles and
the CLI's help all derive from ``SPLIT_VOICES``.

How to add a split: write its three voices as ``<NAME>_VOICES`` below and append its entry at the end of
``SPLIT_VOICES`` (never in between: each split's random numbers depend on its position); give it
templates for every task (pauses, questions and long-reply questions in the newest
``duplex_*templates.py`` module with room (a new one goes into ``duplex_scenarios._TEMPLATE_MODULES``
and the test's list), interruptions and acknowledgements in
``duplex_overlap_templates.py``, its story in ``duplex_story_templates.py``); regenerate the cases with
``python -m chinwag.bench.duplex_scenarios --seed 0 --out chinwag/data/scenarios/duplex.yaml``; add its
row to the README's table of splits; and append it to the expected tuple in
``tests/unit/test_bench_fdb_scenarios.py``. Whether the tail probe learns from it
(``tail_bench.TRAIN_SPLITS``) and whether ``murmur_train`` keeps it out (``murmur_train.SEALED``) are
separate decisions, made there on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CallerVoice:
    name: str
    engine: str  # "piper" | "espeak"
    espeak_voice: str = "en-us"
    rate: float = 1.0  # speaking-rate factor
    pitch_factor: float = 1.0  # >1 raises pitch (piper: by resampling)
    noise_snr_db: float | None = None


# Dev voices are used while developing; held-out voices only in reports.
DEV_VOICES = [
    CallerVoice("piper-high", "piper", pitch_factor=1.22, rate=1.0),
    CallerVoice("espeak-us", "espeak", "en-us", rate=1.0),
    CallerVoice("piper-low-noisy", "piper", pitch_factor=0.92, rate=0.9, noise_snr_db=25.0),
]
HELD_OUT_VOICES = [
    CallerVoice("espeak-gb-f", "espeak", "en-gb+f3", rate=0.9, noise_snr_db=30.0),
    CallerVoice("piper-fast", "piper", pitch_factor=1.12, rate=1.15),
    CallerVoice("espeak-us-m", "espeak", "en-us+m3", rate=1.1),
]
# Fresh voices: added after all tuning, for the duplex bench's one-off "fresh" check.
FRESH_VOICES = [
    CallerVoice("espeak-scot-noisy", "espeak", "en-gb-scotland+m4", rate=1.0, noise_snr_db=20.0),
    CallerVoice("piper-slow-low", "piper", pitch_factor=0.85, rate=0.85),
    CallerVoice("espeak-us-f-fast", "espeak", "en-us+f5", rate=1.2),
]
# Unseen voices: for the duplex bench's "unseen" split, kept from the developers until the final check.
UNSEEN_VOICES = [
    CallerVoice("espeak-wmids-f-noisy", "espeak", "en-gb-x-gbcwmd+f2", rate=0.95, noise_snr_db=18.0),
    CallerVoice("piper-brisk", "piper", pitch_factor=1.05, rate=1.2),
    CallerVoice("espeak-nyc-m", "espeak", "en-us-nyc+m1", rate=1.05, noise_snr_db=32.0),
]
# Novel voices: for the duplex bench's "novel" split (session 5), kept from the developers until the final check.
NOVEL_VOICES = [
    CallerVoice("espeak-lancs-f", "espeak", "en-gb-x-gbclan+f4", rate=0.92),
    CallerVoice("piper-mid-steady", "piper", pitch_factor=1.16, rate=0.95),
    CallerVoice("espeak-rp-m-noisy", "espeak", "en-gb-x-rp+m5", rate=1.08, noise_snr_db=22.0),
]
# Sealed voices: for the duplex bench's "sealed" split (session 6), kept from the developers.
SEALED_VOICES = [
    CallerVoice("espeak-carib-deep-noisy", "espeak", "en-029+m7", rate=1.12, noise_snr_db=23.5),
    CallerVoice("piper-quick-mellow", "piper", pitch_factor=0.96, rate=1.1),
    CallerVoice("espeak-gb-belinda-soft", "espeak", "en-gb+belinda", rate=0.88, noise_snr_db=34.0),
]
# Blind voices: for the duplex bench's "blind" split (session 7), kept from the developers.
BLIND_VOICES = [
    CallerVoice("espeak-scot-f1-noisy", "espeak", "en-gb-scotland+f1", rate=0.93, noise_snr_db=24.5),
    CallerVoice("piper-bright-unhurried", "piper", pitch_factor=1.08, rate=0.87),
    CallerVoice("espeak-wmids-m6-quick", "espeak", "en-gb-x-gbcwmd+m6", rate=1.16, noise_snr_db=30.0),
]
# Veiled voices: for the duplex bench's "veiled" split (session 8), kept from the developers.
VEILED_VOICES = [
    CallerVoice("piper-husky-brisk-hiss", "piper", pitch_factor=0.93, rate=1.05, noise_snr_db=28.0),
    CallerVoice("espeak-us-m2-echo-noisy", "espeak", "en-us+m2", rate=0.97, noise_snr_db=24.0),
    CallerVoice("espeak-rp-linda-slow", "espeak", "en-gb-x-rp+linda", rate=0.9, noise_snr_db=33.0),
]
# Shrouded voices: for the duplex bench's "shrouded" split (session 9), kept from the developers.
SHROUDED_VOICES = [
    CallerVoice("piper-even-measured-hiss", "piper", pitch_factor=1.02, rate=0.97, noise_snr_db=30.5),
    CallerVoice("espeak-lancs-m2-noisy", "espeak", "en-gb-x-gbclan+m2", rate=1.02, noise_snr_db=21.5),
    CallerVoice("espeak-carib-f2-brisk", "espeak", "en-029+f2", rate=1.07, noise_snr_db=35.0),
]
# Cloaked voices: for the duplex bench's "cloaked" split (session 10), kept from the developers.
CLOAKED_VOICES = [
    CallerVoice("piper-deep-lilting-hum", "piper", pitch_factor=0.89, rate=1.03, noise_snr_db=27.5),
    CallerVoice("espeak-nyc-f4-noisy", "espeak", "en-us-nyc+f4", rate=0.99, noise_snr_db=20.5),
    CallerVoice("espeak-rp-f4-quick", "espeak", "en-gb-x-rp+f4", rate=1.08),
]
# Masked voices: for the duplex bench's "masked" split (session 10b), kept from the developers.
MASKED_VOICES = [
    CallerVoice("piper-light-patient-fizz", "piper", pitch_factor=1.19, rate=0.94, noise_snr_db=29.0),
    CallerVoice("espeak-scot-f3-noisy", "espeak", "en-gb-scotland+f3", rate=1.01, noise_snr_db=21.0),
    CallerVoice("espeak-wmids-f4-slow", "espeak", "en-gb-x-gbcwmd+f4", rate=0.91),
]
# Hooded voices: for the duplex bench's "hooded" split (session 11), kept from the developers.
HOODED_VOICES = [
    CallerVoice("piper-warm-unhurried-rustle", "piper", pitch_factor=1.13, rate=0.98, noise_snr_db=26.5),
    CallerVoice("espeak-carib-m3-noisy", "espeak", "en-029+m3", rate=1.04, noise_snr_db=19.5),
    CallerVoice("espeak-lancs-f5-quick", "espeak", "en-gb-x-gbclan+f5", rate=1.06),
]
# Cowled voices: for the duplex bench's "cowled" split (session 12), kept from the developers.
COWLED_VOICES = [
    CallerVoice("piper-clear-easy-static", "piper", pitch_factor=1.1, rate=1.01, noise_snr_db=31.5),
    CallerVoice("espeak-nyc-f5-noisy", "espeak", "en-us-nyc+f5", rate=0.98, noise_snr_db=22.0),
    CallerVoice("espeak-wmids-m3-brisk", "espeak", "en-gb-x-gbcwmd+m3", rate=1.09),
]
# Shaded voices: for the duplex bench's "shaded" split (session 13), kept from the developers.
SHADED_VOICES = [
    CallerVoice("piper-lifted-nimble-crackle", "piper", pitch_factor=1.15, rate=1.08, noise_snr_db=24.0),
    CallerVoice("espeak-scot-m2-noisy", "espeak", "en-gb-scotland+m2", rate=0.96, noise_snr_db=23.0),
    CallerVoice("espeak-rp-f2-brisk", "espeak", "en-gb-x-rp+f2", rate=1.1),
]
# Draped voices: for the duplex bench's "draped" split (session 14), kept from the developers.
DRAPED_VOICES = [
    CallerVoice("piper-dusky-steady-murmur", "piper", pitch_factor=0.91, rate=0.95, noise_snr_db=27.0),
    CallerVoice("espeak-lancs-m4-noisy", "espeak", "en-gb-x-gbclan+m4", rate=1.04, noise_snr_db=25.0),
    CallerVoice("espeak-us-f1-slow", "espeak", "en-us+f1", rate=0.93),
]
# Swathed voices: for the duplex bench's "swathed" split (session 14, before its final measurement), kept
# from the developers.
SWATHED_VOICES = [
    CallerVoice("piper-airy-deliberate-drizzle", "piper", pitch_factor=1.06, rate=0.9, noise_snr_db=22.0),
    CallerVoice("espeak-nyc-m6-noisy", "espeak", "en-us-nyc+m6", rate=1.12, noise_snr_db=29.0),
    CallerVoice("espeak-scot-f5-even", "espeak", "en-gb-scotland+f5", rate=0.99),
]
# Mantled voices: for the duplex bench's "mantled" split (session 15, before its changes), kept from the
# developers.
MANTLED_VOICES = [
    CallerVoice("piper-level-nimble-whir", "piper", pitch_factor=0.99, rate=1.06, noise_snr_db=25.5),
    CallerVoice("espeak-carib-f4-noisy", "espeak", "en-029+f4", rate=0.94, noise_snr_db=23.0),
    CallerVoice("espeak-gb-m5-brisk", "espeak", "en-gb+m5", rate=1.05),
]
# Screened voices: for the duplex bench's "screened" split (written in session 15 for a later session's
# untuned run), kept from the developers.
SCREENED_VOICES = [
    CallerVoice("piper-mild-easy-patter", "piper", pitch_factor=1.04, rate=0.93, noise_snr_db=26.0),
    CallerVoice("espeak-lancs-m7-noisy", "espeak", "en-gb-x-gbclan+m7", rate=0.96, noise_snr_db=28.5),
    CallerVoice("espeak-rp-m3-steady", "espeak", "en-gb-x-rp+m3", rate=1.02),
]
# Curtained voices: for the duplex bench's "curtained" split (written in session 16 for that session's
# untuned run), kept from the developers.
CURTAINED_VOICES = [
    CallerVoice("piper-soft-lively-babble", "piper", pitch_factor=0.97, rate=1.03, noise_snr_db=23.5),
    CallerVoice("espeak-wmids-m1-noisy", "espeak", "en-gb-x-gbcwmd+m1", rate=1.06, noise_snr_db=27.0),
    CallerVoice("espeak-nyc-f2-calm", "espeak", "en-us-nyc+f2", rate=0.97),
]
# Shuttered voices: for the duplex bench's "shuttered" split (written in session 17 for a later session's
# untuned run), kept from the developers.
SHUTTERED_VOICES = [
    CallerVoice("piper-sunny-spry-sizzle", "piper", pitch_factor=1.09, rate=1.045, noise_snr_db=29.5),
    CallerVoice("espeak-scot-m8-noisy", "espeak", "en-gb-scotland+m8", rate=0.955, noise_snr_db=22.5),
    CallerVoice("espeak-gb-steph-brisk", "espeak", "en-gb+steph", rate=1.075),
]
# Latticed voices: for the duplex bench's "latticed" split (written in session 17 for a later session's
# untuned run), kept from the developers.
LATTICED_VOICES = [
    CallerVoice("piper-smoky-easy-drone", "piper", pitch_factor=0.94, rate=0.985, noise_snr_db=31.0),
    CallerVoice("espeak-lancs-annie-noisy", "espeak", "en-gb-x-gbclan+Annie", rate=1.035, noise_snr_db=20.75),
    CallerVoice("espeak-carib-edward-slow", "espeak", "en-029+edward", rate=0.945),
]
# Gabled voices: for the duplex bench's "gabled" split (written in session 18 for an untuned run), kept from
# the developers.
GABLED_VOICES = [
    CallerVoice("piper-mellow-nippy-hush", "piper", pitch_factor=0.955, rate=1.125, noise_snr_db=32.5),
    CallerVoice("espeak-rp-aunty-noisy", "espeak", "en-gb-x-rp+aunty", rate=0.965, noise_snr_db=24.75),
    CallerVoice("espeak-nyc-robert-brisk", "espeak", "en-us-nyc+robert", rate=1.095),
]
# Louvred voices: for the duplex bench's "louvred" split (written in session 18 for a later session's untuned
# run), kept from the developers.
LOUVRED_VOICES = [
    CallerVoice("piper-fair-leisurely-rain", "piper", pitch_factor=1.035, rate=0.915, noise_snr_db=28.75),
    CallerVoice("espeak-wmids-andrea-noisy", "espeak", "en-gb-x-gbcwmd+Andrea", rate=0.935, noise_snr_db=21.25),
    CallerVoice("espeak-us-max-brisk", "espeak", "en-us+max", rate=1.055),
]
# Thatched voices: for the duplex bench's "thatched" split (written in session 19 for an untuned run), kept
# from the developers.
THATCHED_VOICES = [
    CallerVoice("piper-round-sprightly-breeze", "piper", pitch_factor=0.975, rate=1.065, noise_snr_db=30.25),
    CallerVoice("espeak-scot-alicia-noisy", "espeak", "en-gb-scotland+Alicia", rate=1.025, noise_snr_db=22.75),
    CallerVoice("espeak-carib-travis-slow", "espeak", "en-029+travis", rate=0.925),
]
# Shingled voices: for the duplex bench's "shingled" split (written in session 21 for an untuned run), kept
# from the developers.
SHINGLED_VOICES = [
    CallerVoice("piper-chirpy-steady-mist", "piper", pitch_factor=1.125, rate=1.015, noise_snr_db=33.75),
    CallerVoice("espeak-us-anika-noisy", "espeak", "en-us+anika", rate=1.045, noise_snr_db=23.25),
    CallerVoice("espeak-lancs-michel-slow", "espeak", "en-gb-x-gbclan+michel", rate=0.905),
]
# Slated voices: for the duplex bench's "slated" split (written in session 22 for an untuned run), kept
# from the developers.
SLATED_VOICES = [
    CallerVoice("piper-velvet-nimble-fog", "piper", pitch_factor=0.945, rate=1.085, noise_snr_db=26.75),
    CallerVoice("espeak-nyc-shelby-noisy", "espeak", "en-us-nyc+shelby", rate=0.975, noise_snr_db=24.25),
    CallerVoice("espeak-wmids-denis-even", "espeak", "en-gb-x-gbcwmd+Denis", rate=1.005),
]
# Tiled voices: for the duplex bench's "tiled" split (written in session 23 for an untuned run), kept
# from the developers.
TILED_VOICES = [
    CallerVoice("piper-honeyed-measured-sleet", "piper", pitch_factor=1.075, rate=0.965, noise_snr_db=29.25),
    CallerVoice("espeak-rp-steph2-noisy", "espeak", "en-gb-x-rp+steph2", rate=1.065, noise_snr_db=23.75),
    CallerVoice("espeak-carib-mike-slow", "espeak", "en-029+Mike", rate=0.915),
]
# Glazed voices: for the duplex bench's "glazed" split (written in session 24 for an untuned run), kept
# from the developers.
GLAZED_VOICES = [
    CallerVoice("piper-crisp-unrushed-spray", "piper", pitch_factor=1.025, rate=0.895, noise_snr_db=31.75),
    CallerVoice("espeak-scot-steph3-noisy", "espeak", "en-gb-scotland+steph3", rate=0.995, noise_snr_db=25.75),
    CallerVoice("espeak-us-paul-brisk", "espeak", "en-us+paul", rate=1.11),
]

# Every duplex-bench split and its voices, in the order the splits were added (see the docstring).
SPLIT_VOICES: dict[str, list[CallerVoice]] = {
    "dev": DEV_VOICES, "held_out": HELD_OUT_VOICES, "fresh": FRESH_VOICES, "unseen": UNSEEN_VOICES,
    "novel": NOVEL_VOICES, "sealed": SEALED_VOICES, "blind": BLIND_VOICES, "veiled": VEILED_VOICES,
    "shrouded": SHROUDED_VOICES, "cloaked": CLOAKED_VOICES, "masked": MASKED_VOICES, "hooded": HOODED_VOICES,
    "cowled": COWLED_VOICES, "shaded": SHADED_VOICES, "draped": DRAPED_VOICES, "swathed": SWATHED_VOICES,
    "mantled": MANTLED_VOICES, "screened": SCREENED_VOICES, "curtained": CURTAINED_VOICES,
    "shuttered": SHUTTERED_VOICES, "latticed": LATTICED_VOICES, "gabled": GABLED_VOICES,
    "louvred": LOUVRED_VOICES, "thatched": THATCHED_VOICES, "shingled": SHINGLED_VOICES,
    "slated": SLATED_VOICES, "tiled": TILED_VOICES, "glazed": GLAZED_VOICES,
}
