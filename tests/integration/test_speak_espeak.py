from __future__ import annotations

import shutil

import numpy as np
import pytest

from chinwag.errors import BackendUnavailableError
from chinwag.speak.backchannels import BackchannelBank
from chinwag.speak.espeak import EspeakSynthesizer
from chinwag.speak.types import SpeechStyle
from chinwag.speak.word_timing import estimate_word_times

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="apt-get install espeak-ng"),
]

RATE = 16_000
SENTENCE = "Sure, I can book a table for four at seven thirty tonight."


def test_espeak_produces_16k_speech() -> None:
    audio = EspeakSynthesizer().synthesize(SENTENCE)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert 1.5 < len(audio) / RATE < 8.0
    assert float(np.abs(audio).max()) > 0.1


def test_espeak_rate_and_volume_knobs() -> None:
    synth = EspeakSynthesizer()
    normal = synth.synthesize(SENTENCE)
    fast = synth.synthesize(SENTENCE, SpeechStyle(rate=1.6))
    quiet = synth.synthesize(SENTENCE, SpeechStyle(volume=0.3))
    assert len(fast) < 0.8 * len(normal)
    assert float(np.abs(quiet).max()) < 0.6 * float(np.abs(normal).max())


def test_text_starting_with_dash_is_spoken_not_parsed_as_option() -> None:
    assert len(EspeakSynthesizer().synthesize("-v is not an option here")) > RATE // 2


def test_unknown_voice_is_refused_up_front() -> None:
    # espeak-ng itself would quietly speak with its default voice instead.
    with pytest.raises(BackendUnavailableError, match="espeak-ng --voices"):
        EspeakSynthesizer(voice="no-such-voice-xx")


@pytest.mark.parametrize("voice", ["en-us", "en-GB", "en-us+f3", "gmw/en-US"])
def test_known_voice_spellings_are_accepted(voice: str) -> None:
    assert len(EspeakSynthesizer(voice=voice).synthesize("hello")) > 0


def test_missing_program_gives_install_hint() -> None:
    with pytest.raises(BackendUnavailableError, match="apt-get install espeak-ng"):
        EspeakSynthesizer(executable="espeak-ng-not-installed")


def test_word_estimate_on_espeak_audio_is_ordered() -> None:
    audio = EspeakSynthesizer().synthesize(SENTENCE)
    times = estimate_word_times(SENTENCE, len(audio), RATE, audio=audio)
    flat = [x for _, s, e in times for x in (s, e)]
    assert flat == sorted(flat) and flat[-1] <= len(audio) * 1000 / RATE


def test_backchannel_bank_uses_plain_spellings_with_espeak() -> None:
    bank = BackchannelBank(EspeakSynthesizer())
    assert [e.text for e in bank.backchannels][:2] == ["mm-hmm", "uh-huh"]
    assert all(e.duration_ms < 1500 for e in bank.backchannels)
