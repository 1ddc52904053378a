"""Real AEC3 + EchoGate + Silero VAD on espeak-ng voices: no self-interruption, fast barge-in.

The user stream is the agent's own speech delayed 40-250 ms, attenuated 0.2-0.8, optionally
reverberated, in noise at 20-40 dB SNR. Dev combos were used to tune the gate; held-out combos are
drawn at random from the same ranges and were not.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

pytestmark = pytest.mark.integration

pytest.importorskip("livekit.rtc")
if shutil.which("espeak-ng") is None:
    pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)", allow_module_level=True)

from chinwag.bench import echo_bench as eb  # noqa: E402

COMBOS = [("dev", i, c) for i, c in enumerate(eb.DEV_COMBOS)] + [
    ("held_out", i, c) for i, c in enumerate(eb.held_out_combos(seed=1))
]


def vad_factory():
    try:
        from chinwag.listen.vad import SileroVad
    except ImportError:
        return eb.energy_vad()
    return SileroVad().step


@pytest.mark.parametrize(("split", "index", "combo"), COMBOS, ids=[f"{s}{i}" for s, i, _ in COMBOS])
def test_agent_never_interrupts_itself_and_hears_the_user(split: str, index: int, combo) -> None:
    for barge_in in (False, True):
        scenario = eb.make_scenario(combo, barge_in, seed=index)
        run = eb.run_scenario(scenario, vad_factory(), vad_input="mic")
        result = eb.score(scenario, run)
        assert result["vad_frames_on_echo"] > 0  # without the gate the VAD would have fired
        assert result["self_interruptions"] == 0, (split, combo, result)
        if barge_in:
            assert result["barge_in_delay_ms"] is not None, (split, combo, result)
            assert result["barge_in_delay_ms"] <= 200, (split, combo, result)


def test_aec_removes_echo_and_keeps_the_user() -> None:
    combo = eb.DEV_COMBOS[1]
    scenario = eb.make_scenario(combo, barge_in=True, seed=1)
    result = eb.score(scenario, eb.run_scenario(scenario, eb.energy_vad(), vad_input="cleaned"))
    assert result["erle_db"] > 15.0
    assert result["near_end_change_db"] > -10.0
    assert np.isfinite(result["gate_erle_db"])
