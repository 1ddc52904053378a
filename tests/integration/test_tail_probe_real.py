"""The shipped tail probe on Whisper tiny.en's real encoder: a sentence cut at a hesitation sounds
unfinished, the same sentence said to its end sounds finished. Sentences and voices are none of the
probe's training data (the end-of-turn generator's train split) nor of the duplex bench."""

from __future__ import annotations

import numpy as np
import pytest

from chinwag.config import TurnConfig
from chinwag.floor.eot_audio import Synthesizer
from chinwag.floor.eot_data import trim_to_frames
from chinwag.floor.tail_probe import TailProbe, pooled_vector
from chinwag.listen.whisper import WhisperRecognizer

pytestmark = pytest.mark.integration

PAIRS = [
    ("Could you put me through to", "the manager, please?"),
    ("We were hoping to bring our", "two dogs along."),
    ("My new number is oh seven", "nine four one two."),
    ("I need to move the delivery to", "next Wednesday."),
]
VOICES = ("en-gb-x-gbclan+m2", "en-us+f4")


def test_a_cut_sentence_sounds_less_finished_than_the_whole_one() -> None:
    recognizer, probe, synth = WhisperRecognizer.tiny_en(), TailProbe.load(), Synthesizer()
    assert probe.encoder == recognizer.name
    rng = np.random.default_rng(0)

    def logit(speech: np.ndarray) -> float:
        lead, after = np.zeros(4800, np.float32), np.zeros(2400, np.float32)  # as the agent decodes it
        audio = np.concatenate([lead, speech, after])
        audio += rng.normal(0, 1e-3, len(audio)).astype(np.float32)
        vector = pooled_vector(recognizer.encoder_states(audio), (len(lead) + len(speech)) / 16, probe.pooling)
        assert vector is not None
        return probe.logit(vector)

    cut, whole = [], []
    for voice in VOICES:
        for before, after in PAIRS:
            fragment, _ = synth.speak_paused(before, after, voice, 170, 50)
            cut.append(logit(trim_to_frames(fragment)))
            whole.append(logit(trim_to_frames(synth.speak(f"{before} {after}", voice, 170, 50))))
    assert all(c < w for c, w in zip(cut, whole, strict=True)), (cut, whole)
    hold_below = TurnConfig().tail_hold_below
    assert np.mean(cut) < hold_below < np.mean(whole), (cut, whole)
