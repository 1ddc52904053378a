from __future__ import annotations

import itertools
import random
import threading

import numpy as np

from chinwag.speak.backchannels import BackchannelBank, Phrase, trim_silence
from chinwag.speak.types import SpeechStyle, SynthesizerCapabilities

RATE = 16_000


class FakeSynthesizer:
    """Speaks each text as a tone padded with silence; its length grows with the text."""

    capabilities = SynthesizerCapabilities(style_knobs=("volume",))

    def __init__(self, name: str = "fake", gate: threading.Event | None = None) -> None:
        self.name = name
        self.inputs: list[str] = []
        self.volumes: list[float] = []
        self._gate = gate

    def synthesize(self, text: str, style: SpeechStyle | None = None) -> np.ndarray:
        if self._gate is not None:
            self._gate.wait(5)
        style = style or SpeechStyle()
        self.inputs.append(text)
        self.volumes.append(style.volume)
        n = RATE * (100 + 20 * len(text)) // 1000
        t = np.arange(n) / RATE
        voiced = (0.8 * style.volume * np.sin(2 * np.pi * 200 * t)).astype(np.float32)
        pad = np.zeros(RATE // 5, dtype=np.float32)
        return np.concatenate([pad, voiced, pad])


def test_trim_silence_removes_padding() -> None:
    audio = FakeSynthesizer().synthesize("okay")
    trimmed = trim_silence(audio)
    assert len(trimmed) < len(audio) - RATE // 4
    assert trimmed[0] == 0.0 and trimmed[-1] == 0.0  # faded edges
    assert len(trim_silence(np.zeros(RATE, dtype=np.float32))) == 0


def test_bank_is_quiet_and_trimmed() -> None:
    synth = FakeSynthesizer()
    bank = BackchannelBank(synth, volume=0.5)
    assert set(synth.volumes) == {0.5}
    assert [e.text for e in bank.backchannels] == ["mm-hmm", "uh-huh", "yeah", "right", "okay", "I see"]
    assert all(e.duration_ms < 400 for e in bank.backchannels)
    assert "um," in [e.text for e in bank.fillers]


def test_piper_voices_get_phoneme_spellings() -> None:
    piper_like = FakeSynthesizer(name="piper:fake")
    BackchannelBank(piper_like, backchannels=(Phrase("mm-hmm", "[[əm hˈəm]]"), Phrase("yeah")), fillers=())
    assert piper_like.inputs == ["[[əm hˈəm]]", "yeah"]
    other = FakeSynthesizer(name="espeak:en-us")
    BackchannelBank(other, backchannels=(Phrase("mm-hmm", "[[əm hˈəm]]"),), fillers=())
    assert other.inputs == ["mm-hmm"]


def test_pick_never_repeats_previous() -> None:
    bank = BackchannelBank(FakeSynthesizer())
    rng = random.Random(3)
    picks = [bank.pick(rng) for _ in range(200)]
    texts = [p[0] for p in picks if p is not None]
    assert len(texts) == 200
    assert all(a != b for a, b in itertools.pairwise(texts))
    assert len(set(texts)) == 6
    fillers = [bank.pick_filler(rng) for _ in range(20)]
    assert all(f is not None for f in fillers)


def test_single_entry_bank_repeats_rather_than_failing() -> None:
    bank = BackchannelBank(FakeSynthesizer(), backchannels=(Phrase("yeah"),), fillers=())
    rng = random.Random(0)
    assert [bank.pick(rng)[0] for _ in range(3)] == ["yeah"] * 3  # type: ignore[index]
    assert bank.pick_filler(rng) is None


def test_background_build_returns_none_until_ready() -> None:
    gate = threading.Event()
    bank = BackchannelBank(FakeSynthesizer(gate=gate), background=True)
    assert bank.pick(random.Random(0)) is None
    gate.set()
    assert bank.wait_ready(5)
    assert bank.pick(random.Random(0)) is not None
