"""Duplex benchmark cases, the scripted caller that renders them, and the report table."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from chinwag.audio.frames import SAMPLE_RATE_HZ, Frame, Stream, silence
from chinwag.bench import duplex_late_templates, duplex_later_templates, duplex_templates
from chinwag.bench import duplex_scenarios as ds
from chinwag.bench.caller_voices import DEV_VOICES, SPLIT_VOICES, CallerVoice
from chinwag.bench.duplex import _UntilAgentSpeaks, build_table, format_duplex_table, make_report, summarize
from chinwag.bench.simulator import cached_render, cough, render_case, render_question, trim_silence
from chinwag.errors import ConfigError

SR = SAMPLE_RATE_HZ


class FakeSynth:
    """0.1 s of silence, then 0.1 s of tone per word, then 0.1 s of silence."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str, voice: CallerVoice) -> np.ndarray:
        self.calls += 1
        n_words = len(text.split())
        t = np.arange(int(0.1 * SR * n_words)) / SR
        tone = 0.3 * np.sin(2 * np.pi * 200 * t)
        pad = np.zeros(int(0.1 * SR))
        return np.concatenate([pad, tone, pad]).astype(np.float32)


def case_of(task: str, split: str = "dev") -> ds.DuplexCase:
    return next(c for c in ds.generate_cases(0, 4) if c.task == task and c.split == split)


def test_generation_is_reproducible_and_big_enough() -> None:
    cases = ds.generate_cases(seed=0)
    assert cases == ds.generate_cases(seed=0)
    assert cases != ds.generate_cases(seed=1)
    for task in ds.TASKS:
        assert sum(c.task == task for c in cases) >= 30
    assert len({c.id for c in cases}) == len(cases)


def test_splits_share_neither_templates_nor_voices() -> None:
    cases = ds.generate_cases(seed=0)
    by_split = {name: [c for c in cases if c.split == name] for name in ds.SPLITS}
    voices = SPLIT_VOICES
    for name, mine in by_split.items():
        assert mine and {c.voice for c in mine} <= {v.name for v in voices[name]}
    for a, b in itertools.combinations(ds.SPLITS, 2):
        assert not {c.template for c in by_split[a]} & {c.template for c in by_split[b]}
        assert not {v.name for v in voices[a]} & {v.name for v in voices[b]}
        texts_a = {t for c in by_split[a] for t in c.texts if t != ds.COUGH}
        assert not texts_a & {t for c in by_split[b] for t in c.texts}


def test_a_split_is_only_ever_appended() -> None:
    # each split's random numbers depend on its position: a new split goes at the end of SPLIT_VOICES
    assert ds.SPLITS == ("dev", "held_out", "fresh", "unseen", "novel", "sealed", "blind", "veiled", "shrouded",
                         "cloaked", "masked", "hooded", "cowled", "shaded", "draped", "swathed", "mantled",
                         "screened", "curtained", "shuttered", "latticed", "gabled", "louvred", "thatched",
                         "shingled", "slated", "tiled", "glazed")


def test_the_cli_lists_every_split_without_loading_numpy() -> None:
    from typer.testing import CliRunner

    from chinwag.cli import app

    code = "import sys, chinwag.cli; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"  # `chinwag --help` stays instant
    shown = CliRunner().invoke(app, ["bench", "duplex", "--help"], env={"COLUMNS": "200"}).output
    assert all(f" {name} " in shown for name in ds.SPLITS)


@pytest.mark.parametrize("split", ds.SPLITS[2:])
def test_late_splits_are_not_in_the_default_selection(split: str) -> None:
    cases = ds.generate_cases(seed=0)
    assert {c.split for c in ds.select_cases(cases, 30)} == {"dev", "held_out"}
    chosen = ds.select_cases(cases, 10, split)
    assert len(chosen) == 10 * len(ds.TASKS) and {c.split for c in chosen} == {split}


def test_a_split_keeps_its_sentences_in_one_of_the_three_template_modules() -> None:
    for kind in ("PAUSES", "QUESTIONS", "LONG_REPLY_QUESTIONS"):
        modules = (duplex_templates, duplex_late_templates, duplex_later_templates)
        names = [set(getattr(m, kind)) for m in modules]
        for a, b in itertools.combinations(names, 2):
            assert not a & b  # a split in two would silently lose one module's sentences
        assert set.union(*names) == set(ds.SPLITS)


def test_a_later_split_does_not_change_the_cases_of_the_earlier_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    cases, last = ds.generate_cases(seed=0, per_split=5), ds.SPLITS[-1]
    monkeypatch.setattr(ds, "SPLITS", ds.SPLITS[:-1])
    assert ds.generate_cases(seed=0, per_split=5) == [c for c in cases if c.split != last]


def test_case_parameters_stay_in_the_specified_ranges() -> None:
    for c in ds.generate_cases(seed=3):
        if c.task in ds.PAUSE_TASKS:
            assert c.pause_s is not None and 0.5 <= c.pause_s <= 2.5 and len(c.texts) == 2
        elif c.task == "backchannel":
            assert len(c.texts) >= 3 and all(0.2 <= g <= 0.4 for g in c.gaps_s)
            assert len(c.gaps_s) == len(c.texts) - 1
        elif c.task in ("user_interruption", "user_backchannel"):
            assert c.offset_s is not None and 0.8 <= c.offset_s <= 2.0 and len(c.texts) == 2


def test_yaml_round_trip_and_selection(tmp_path: Path) -> None:
    cases = ds.generate_cases(seed=0, per_split=5)
    path = ds.save_cases(cases, tmp_path / "duplex.yaml", seed=0)
    assert ds.load_cases(path) == cases
    chosen = ds.select_cases(cases, per_task=3)
    for task in ds.TASKS:
        mine = [c for c in chosen if c.task == task]
        assert [c.split for c in mine] == ["dev", "dev", "held_out"]
    assert all(c.split == "held_out" for c in ds.select_cases(cases, 2, "held_out"))
    with pytest.raises(ConfigError, match="split"):
        ds.select_cases(cases, 2, "test")


def test_shipped_scenario_file_matches_the_generator() -> None:
    assert ds.load_cases() == ds.generate_cases(seed=0)


def test_missing_scenario_file_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="duplex_scenarios"):
        ds.load_cases(tmp_path / "nope.yaml")


def test_trim_silence_and_cough() -> None:
    audio = FakeSynth()("a b", DEV_VOICES[0])
    assert len(trim_silence(audio)) == pytest.approx(0.2 * SR, abs=160)
    burst = cough(np.random.default_rng(0))
    assert 0.2 * SR < len(burst) < 0.8 * SR and 0.4 < np.abs(burst).max() <= 0.5


class FakeSplit:
    """The two halves of a sentence from FakeSynth, recording that it was asked for them."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def __call__(self, before: str, after: str, voice: CallerVoice) -> tuple[np.ndarray, np.ndarray]:
        self.pairs.append((before, after))
        return FakeSynth()(before, voice), FakeSynth()(after, voice)


def test_pause_fragment_cases_repeat_the_pause_cases() -> None:
    cases = ds.generate_cases(seed=0, per_split=4)
    pauses = [c for c in cases if c.task == "pause_handling"]
    fragments = [c for c in cases if c.task == "pause_fragment"]
    assert len(fragments) == len(pauses) == 4 * len(ds.SPLITS)
    for p, f in zip(pauses, fragments, strict=True):
        assert (f.texts, f.voice, f.pause_s, f.split, f.seed) == (p.texts, p.voice, p.pause_s, p.split, p.seed)
        assert f.id != p.id


def test_only_pause_handling_cuts_one_sentence_at_the_pause() -> None:
    split, synth = FakeSplit(), FakeSynth()
    render_case(case_of("pause_handling"), synthesize=synth, around_pause=split)
    assert len(split.pairs) == 1 and synth.calls == 0
    render_case(case_of("pause_fragment"), synthesize=synth, around_pause=split)
    assert len(split.pairs) == 1 and synth.calls == 2  # the halves spoken as sentences of their own


@pytest.mark.parametrize("task", ["pause_handling", "pause_fragment"])
def test_pause_case_marks_match_the_audio(task: str) -> None:
    case = case_of(task)
    rec = render_case(case, synthesize=FakeSynth(), around_pause=FakeSplit())
    m = rec.marks
    assert m["turn_start_s"] == pytest.approx(case.lead_s)
    assert m["pause_end_s"] - m["pause_start_s"] == pytest.approx(case.pause_s, abs=1e-3)
    before, after = (len(t.split()) * 0.1 for t in case.texts)
    assert m["pause_start_s"] - m["turn_start_s"] == pytest.approx(before, abs=0.01)
    assert m["turn_end_s"] - m["pause_end_s"] == pytest.approx(after, abs=0.01)
    inside = rec.samples[int(m["pause_start_s"] * SR) + 10 : int(m["pause_end_s"] * SR) - 10]
    assert np.abs(inside).max() < 0.05  # silence (plus the voice's background noise, if any)


def test_interruption_is_placed_after_the_expected_agent_start() -> None:
    case = case_of("user_interruption")
    rec = render_case(case, reply_delay_s=0.5, synthesize=FakeSynth())
    m = rec.marks
    assert m["expected_agent_start_s"] == pytest.approx(m["question_end_s"] + 0.5)
    assert m["onset_s"] == pytest.approx(m["expected_agent_start_s"] + case.offset_s, abs=1e-3)
    assert rec.duration_s > m["end_s"] + 4.0


def test_cough_cases_render_without_speech() -> None:
    cases = [c for c in ds.generate_cases(0) if c.task == "user_backchannel" and c.texts[1] == ds.COUGH]
    synth = FakeSynth()
    rec = render_case(cases[0], synthesize=synth)
    assert synth.calls == 1  # only the question is spoken
    assert 0.2 < rec.marks["end_s"] - rec.marks["onset_s"] < 0.8


def test_render_cache_reuses_audio(tmp_path: Path) -> None:
    case = case_of("smooth_turn_taking")
    synth = FakeSynth()
    first = cached_render(case, 0.5, tmp_path, synth)
    second = cached_render(case, 0.5, tmp_path, synth)
    assert synth.calls == 1
    assert np.array_equal(first.samples, second.samples) and first.marks == second.marks
    cached_render(case, 0.8, tmp_path, synth)  # another reply delay is another recording ...
    assert len(list(tmp_path.glob("*.npz"))) == 2
    assert synth.calls == 1  # ... of the same, cached, sentence


def test_dry_run_audio_is_an_exact_prefix_of_the_case(tmp_path: Path) -> None:
    """The dry run must hear exactly what the real run hears up to the cut-in, noise included."""
    case = next(c for c in ds.generate_cases(0) if c.task == "user_interruption" and c.voice == "piper-low-noisy")
    question = render_question(case, FakeSynth(), tmp_path)
    full = render_case(case, reply_delay_s=1.0, synthesize=FakeSynth(), cache_dir=tmp_path)
    assert question.marks["question_end_s"] == full.marks["question_end_s"]
    n = int(full.marks["onset_s"] * SR)
    assert np.array_equal(question.samples[:n], full.samples[:n])
    assert np.abs(full.samples[n - SR // 2 : n]).max() > 0  # there is background noise to compare


def test_summary_and_table() -> None:
    details = [
        {"task": "smooth_turn_taking", "split": "dev", "tor": 1, "latency_s": 0.3},
        {"task": "smooth_turn_taking", "split": "held_out", "tor": 1, "latency_s": 0.5},
        {"task": "smooth_turn_taking", "split": "held_out", "tor": 0, "latency_s": None},
        {"task": "smooth_turn_taking", "split": "held_out", "error": "boom"},
        {"task": "user_interruption", "split": "dev", "applicable": False},
        {"task": "user_interruption", "split": "dev", "applicable": True, "tor": 1, "latency_s": 0.2,
         "stop_latency_s": 0.1, "talked_through": False},
    ]
    s = summarize("smooth_turn_taking", [d for d in details if d["task"] == "smooth_turn_taking"])
    assert s["cases"] == 4 and s["errors"] == 1 and s["scored"] == 3
    assert s["tor"] == pytest.approx(2 / 3, abs=1e-3) and s["latency_s"] == pytest.approx(0.4)
    report = make_report("cascaded", "virtual", details, wall_s=1.0)
    rows = {(r["task"], r["metric"]): r for r in report["table"]}
    assert rows[("smooth_turn_taking", "latency_s")]["dev"] == pytest.approx(0.3)
    assert rows[("smooth_turn_taking", "latency_s")]["pass"] is False
    assert rows[("user_interruption", "stop_latency_p95_s")]["pass"] is True
    assert rows[("pause_handling", "tor")]["pass"] is None  # no cases: no verdict
    table = format_duplex_table(report)
    assert "| Smooth turn-taking | latency (s) | 0.300 / 0.500 | ≤ 0.35 | no |" in table
    assert "virtual clock" in table
    assert "User interruption: 1 of 2 cases left out" in table
    assert build_table({}) and all(r["pass"] is None for r in build_table({}))
    assert "chinwag dev / held-out |" in table


def test_table_shows_only_the_splits_that_were_run() -> None:
    details = [{"task": "pause_handling", "split": "fresh", "tor": 0, "spoke": 0},
               {"task": "pause_handling", "split": "fresh", "tor": 1, "spoke": 1}]
    table = format_duplex_table(make_report("cascaded", "virtual", details, wall_s=1.0))
    assert "| chinwag fresh |" in table
    assert "| Pause handling | takeover rate (TOR) | 0.500 | ≤ 0.05 | no |" in table


def test_dry_run_probe_waits_for_sustained_agent_speech() -> None:
    probe = _UntilAgentSpeaks(np.zeros(SR * 10, np.float32), not_before_s=1.0, sustain_ms=100.0)
    loud = np.full(320, 0.1, np.float32)

    def tick(i: int, sound: bool) -> None:
        probe(silence(Stream.USER, i), Frame(loud, Stream.AGENT, i) if sound else silence(Stream.AGENT, i))

    tick(40, True)  # a blip before the question ended
    for i in range(60, 63):
        tick(i, True)  # too short
    tick(63, False)
    assert probe.first_agent_frame is None
    for i in range(70, 75):
        tick(i, True)
    assert probe.first_agent_frame == 70


@pytest.mark.parametrize("arch", ["hybrid", "s2s", "nonsense"])
def test_an_architecture_that_cannot_be_built_fails_before_any_model_loads(arch: str) -> None:
    from chinwag.bench.duplex import run_duplex_bench
    from chinwag.bench.latency import run_latency_bench

    with pytest.raises(ConfigError, match="architecture"):
        run_duplex_bench(arch=arch)
    with pytest.raises(ConfigError, match="architecture"):
        run_latency_bench(arch=arch)
