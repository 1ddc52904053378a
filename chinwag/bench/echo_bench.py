"""Echo benchmark: does the agent hear itself through a loudspeaker, and does it still hear the user?

Scenarios are built from espeak-ng speech: the agent says two sentences; the user stream is the agent's
output delayed, attenuated, lightly reverberated and buried in noise (a phone on speaker without echo
cancellation). In the barge-in variant a second voice talks over the agent. Each scenario is run
through ``WebRtcEchoCanceller`` + ``EchoGate`` + a VAD, and scored:

- ``erle_db``: echo reduction by AEC on agent-only frames (mic energy / AEC output energy);
- ``near_end_change_db``: how the user's voice level changes through AEC during double talk;
- ``self_interruptions``: frames outside the user's speech where the VAD hears speech and the gate
  says "not echo" (each one would make the agent stop talking to itself);
- ``barge_in_delay_ms``: from the user's onset to the first frame judged "user speech, not echo".

Dev combos are the ones the gate was tuned on; held-out combos are drawn at random from the same
ranges (other sentences, voices, delays, gains, noise) and were never tuned on.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import soundfile as sf

from chinwag.audio.frames import FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE_HZ
from chinwag.audio.io import resample
from chinwag.errors import BackendUnavailableError
from chinwag.listen.echo import WebRtcEchoCanceller
from chinwag.listen.echo_gate import EchoGate, GateDecision

AGENT_LINES = (
    "Thanks for calling. I can book a table for tonight, or tell you about the specials on our menu.",
    "We open at five in the evening and close at eleven, every day except Monday.",
    "Your order number is four seven two, and it should arrive within thirty minutes.",
    "I found three flights to Boston tomorrow morning. The earliest leaves at six fifteen.",
)
USER_LINES = (
    "Wait, sorry, can I change that please?",
    "No no, hold on a second.",
    "Actually I wanted to ask about parking.",
    "Stop, that is not what I said.",
)
AGENT_VOICES = ("en-us", "en-gb", "en-us+m3")
USER_VOICES = ("en-us+f3", "en-gb+f2", "en-us+f4")

SPEECH_DB = -50.0  # a frame above this (dBFS) counts as speech in the clean user track


@dataclass(frozen=True)
class EchoCombo:
    delay_ms: float  # loudspeaker-to-mic echo delay
    gain: float  # echo amplitude relative to the agent's output
    snr_db: float  # echo level over the background noise
    user_gain: float = 0.8  # level of the barging-in user's voice
    reverb_ms: float = 0.0  # RT60-like decay of a synthetic room tail (0 = pure delay)
    agent_voice: str = "en-us"
    user_voice: str = "en-us+f3"
    agent_line: int = 0
    user_line: int = 0
    barge_in_s: float = 2.5  # user onset, seconds after the start


DEV_COMBOS: tuple[EchoCombo, ...] = (
    EchoCombo(40, 0.8, 30, 0.8),
    EchoCombo(120, 0.5, 25, 0.6, reverb_ms=150),
    EchoCombo(250, 0.2, 40, 0.5),
    EchoCombo(80, 0.3, 20, 0.7, reverb_ms=300, agent_voice="en-gb", user_voice="en-gb+f2",
              agent_line=1, user_line=1, barge_in_s=1.8),
    EchoCombo(200, 0.7, 35, 0.6, agent_line=2, user_line=2, barge_in_s=3.2),
)


def held_out_combos(seed: int = 1, count: int = 4) -> tuple[EchoCombo, ...]:
    """Random combos from the same ranges as the dev set, never used for tuning."""
    rng = np.random.default_rng(1000 + seed)
    combos = []
    for _ in range(count):
        combos.append(EchoCombo(
            delay_ms=float(rng.integers(40, 251)),
            gain=round(float(rng.uniform(0.2, 0.8)), 2),
            snr_db=round(float(rng.uniform(20.0, 40.0)), 1),
            user_gain=round(float(rng.uniform(0.4, 0.9)), 2),
            reverb_ms=float(rng.choice([0.0, 100.0, 250.0])),
            agent_voice=str(rng.choice(AGENT_VOICES)),
            user_voice=str(rng.choice(USER_VOICES)),
            agent_line=int(rng.integers(0, len(AGENT_LINES))),
            user_line=int(rng.integers(0, len(USER_LINES))),
            barge_in_s=round(float(rng.uniform(1.5, 3.5)), 2),
        ))
    return tuple(combos)


@functools.lru_cache(maxsize=64)
def espeak(text: str, voice: str) -> np.ndarray:
    """Synthesize ``text`` with espeak-ng at 16 kHz float32 (cached: scenarios reuse lines)."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise BackendUnavailableError("the echo benchmark needs espeak-ng: apt-get install espeak-ng")
    wav = subprocess.run([exe, "--stdout", "-v", voice, text], check=True, capture_output=True).stdout
    data, rate = sf.read(io.BytesIO(wav), dtype="float32")
    out = resample(data, int(rate), SAMPLE_RATE_HZ)
    out.setflags(write=False)
    return out


@dataclass
class EchoScenario:
    agent: np.ndarray  # what the agent played
    mic: np.ndarray  # what came back in the user stream (echo + noise [+ user])
    user: np.ndarray  # the user's own voice as it reaches the mic (zeros without barge-in)
    barge_in_frame: int | None  # first frame of the user's speech


def _room_response(delay_ms: float, gain: float, reverb_ms: float, rng: np.random.Generator) -> np.ndarray:
    d = int(delay_ms * SAMPLE_RATE_HZ / 1000)
    if reverb_ms <= 0:
        h = np.zeros(d + 1, np.float32)
        h[d] = gain
        return h
    n_tail = int(reverb_ms * SAMPLE_RATE_HZ / 1000)
    t = np.arange(n_tail) / SAMPLE_RATE_HZ
    tail = rng.standard_normal(n_tail) * np.exp(-6.9 * t / (reverb_ms / 1000))  # -60 dB at reverb_ms
    tail *= 0.3 / np.sqrt(np.sum(tail**2))  # the tail carries a tenth of the direct path's energy
    h = np.zeros(d + n_tail, np.float32)
    h[d] = 1.0
    h[d + 1 :] += tail[1:]
    return (gain * h).astype(np.float32)


def make_scenario(combo: EchoCombo, barge_in: bool, seed: int = 0) -> EchoScenario:
    rng = np.random.default_rng(seed)
    line1 = espeak(AGENT_LINES[combo.agent_line], combo.agent_voice)
    line2 = espeak(AGENT_LINES[(combo.agent_line + 1) % len(AGENT_LINES)], combo.agent_voice)
    pause = np.zeros(int(0.8 * SAMPLE_RATE_HZ), np.float32)  # the agent pauses between sentences
    agent = np.concatenate([pause[:4000], 0.7 * line1, pause, 0.7 * line2, pause])
    n = (len(agent) // FRAME_SAMPLES) * FRAME_SAMPLES
    agent = agent[:n].astype(np.float32)
    echo = np.convolve(agent, _room_response(combo.delay_ms, combo.gain, combo.reverb_ms, rng))[:n]
    echo_power = float(np.mean(echo[np.abs(echo) > 1e-4] ** 2))
    noise = rng.standard_normal(n).astype(np.float32)
    noise *= np.sqrt(echo_power / 10 ** (combo.snr_db / 10))
    user = np.zeros(n, np.float32)
    onset: int | None = None
    if barge_in:
        voice = combo.user_gain * 0.7 * espeak(USER_LINES[combo.user_line], combo.user_voice)
        start = int(combo.barge_in_s * SAMPLE_RATE_HZ)
        seg = voice[: max(0, n - start)]
        user[start : start + len(seg)] = seg
        speech = np.flatnonzero(_frame_db(user) > SPEECH_DB)
        onset = int(speech[0]) if speech.size else None
    mic = (echo + noise + user).astype(np.float32)
    return EchoScenario(agent, mic, user, onset)


def _frame_db(x: np.ndarray) -> np.ndarray:
    frames = x[: len(x) // FRAME_SAMPLES * FRAME_SAMPLES].reshape(-1, FRAME_SAMPLES)
    return 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-12)


@dataclass
class EchoRun:
    cleaned: np.ndarray
    decisions: list[GateDecision]
    vad_speech: np.ndarray  # bool per frame, VAD on the AEC output
    compute_s: float

    @property
    def user_not_echo(self) -> np.ndarray:
        return self.vad_speech & ~np.array([d.echo_likely for d in self.decisions], dtype=bool)


VadStep = Callable[[np.ndarray], float]


def run_scenario(
    scenario: EchoScenario, vad_step: VadStep, vad_threshold: float = 0.5, vad_input: str = "cleaned"
) -> EchoRun:
    """Stream the scenario frame by frame through AEC, gate and VAD, as the engine would.

    ``vad_input`` is what the VAD hears: "cleaned" (AEC output) or "mic" (before AEC).
    """
    aec = WebRtcEchoCanceller()
    gate = EchoGate()
    n_frames = len(scenario.mic) // FRAME_SAMPLES
    cleaned = np.zeros(n_frames * FRAME_SAMPLES, np.float32)
    decisions: list[GateDecision] = []
    speech = np.zeros(n_frames, dtype=bool)
    t0 = time.perf_counter()
    for i in range(n_frames):
        sl = slice(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES)
        out = aec.process(scenario.mic[sl], scenario.agent[sl])
        cleaned[sl] = out
        decisions.append(gate.step(scenario.mic[sl], scenario.agent[sl], out))
        speech[i] = vad_step(out if vad_input == "cleaned" else scenario.mic[sl]) >= vad_threshold
    return EchoRun(cleaned, decisions, speech, time.perf_counter() - t0)


def user_speech_mask(scenario: EchoScenario, guard_ms: float = 300.0) -> np.ndarray:
    """Frames where the user may legitimately be heard: their speech plus a VAD-hangover guard."""
    talking = _frame_db(scenario.user) > SPEECH_DB
    guard = int(guard_ms / FRAME_MS)
    mask = talking.copy()
    for k in range(1, guard + 1):
        mask[k:] |= talking[:-k]
    return mask


def score(scenario: EchoScenario, run: EchoRun) -> dict[str, float | int | None]:
    n = len(run.decisions)
    user_mask = user_speech_mask(scenario)[:n]
    agent_frames = ~user_mask
    mic_db = _frame_db(scenario.mic)[:n]
    out_db = _frame_db(run.cleaned)[:n]
    echo_db = _frame_db(scenario.mic - scenario.user)[:n]
    echo_active = agent_frames & (echo_db > np.percentile(echo_db, 30) + 10)
    erle = float(np.mean(mic_db[echo_active] - out_db[echo_active])) if echo_active.any() else float("nan")
    result: dict[str, float | int | None] = {
        "erle_db": round(erle, 1),
        "gate_erle_db": round(run.decisions[-1].erle_db, 1),
        "delay_est_ms": run.decisions[-1].delay_ms,
        "self_interruptions": int(np.sum(run.user_not_echo & agent_frames)),
        "vad_frames_on_echo": int(np.sum(run.vad_speech & agent_frames)),
        "realtime_factor": round(run.compute_s / (n * FRAME_MS / 1000), 4),
    }
    if scenario.barge_in_frame is not None:
        talking = _frame_db(scenario.user)[:n] > SPEECH_DB
        user_in = 10 * np.log10(np.mean(scenario.user[: n * FRAME_SAMPLES].reshape(n, -1)[talking] ** 2))
        out_in = 10 * np.log10(np.mean(run.cleaned.reshape(n, -1)[talking] ** 2))
        result["near_end_change_db"] = round(float(out_in - user_in), 1)
        hits = np.flatnonzero(run.user_not_echo[scenario.barge_in_frame :])
        result["barge_in_delay_ms"] = (
            float((hits[0] + 1) * FRAME_MS) if hits.size else None  # to the end of the detecting frame
        )
    return result


def energy_vad(threshold_db: float = -45.0) -> VadStep:
    """A crude energy VAD: stricter than a real one on echo residue (any loud residue counts)."""
    def step(samples: np.ndarray) -> float:
        return 1.0 if 10 * np.log10(np.mean(samples.astype(np.float64) ** 2) + 1e-12) > threshold_db else 0.0
    return step


def _silero_vad() -> VadStep | None:
    try:
        from chinwag.listen.vad import SileroVad
    except ImportError:
        return None
    return SileroVad().step


def evaluate(
    combos: Sequence[EchoCombo], vad_factory: Callable[[], VadStep], seed: int = 0, vad_input: str = "mic"
) -> list[dict]:
    rows: list[dict] = []
    for i, combo in enumerate(combos):
        for barge_in in (False, True):
            scenario = make_scenario(combo, barge_in, seed=seed + i)
            row: dict[str, object] = {"combo": asdict(combo), "barge_in": barge_in}
            row.update(score(scenario, run_scenario(scenario, vad_factory(), vad_input=vad_input)))
            rows.append(row)
    return rows


def _summary(rows: list[dict]) -> dict[str, float | int | str | None]:
    delays = [r["barge_in_delay_ms"] for r in rows if r["barge_in"]]
    detected = [d for d in delays if d is not None]
    near = [r["near_end_change_db"] for r in rows if r["barge_in"]]
    return {
        "erle_db_mean": round(float(np.mean([r["erle_db"] for r in rows])), 1),
        "erle_db_min": round(float(np.min([r["erle_db"] for r in rows])), 1),
        "near_end_change_db_mean": round(float(np.mean(near)), 1),
        "self_interruptions": int(sum(r["self_interruptions"] for r in rows)),
        "vad_frames_on_echo": int(sum(r["vad_frames_on_echo"] for r in rows)),
        "barge_ins_detected": f"{len(detected)}/{len(delays)}",
        "barge_in_delay_ms_mean": round(float(np.mean(detected)), 1) if detected else None,
        "barge_in_delay_ms_max": float(np.max(detected)) if detected else None,
        "realtime_factor_mean": round(float(np.mean([r["realtime_factor"] for r in rows])), 4),
    }


def run_echo_bench(seed: int = 0, vad: str = "silero") -> dict:
    """Score AEC + gate on dev and held-out combos. ``vad``: "silero" (falls back to energy) or "energy".

    Both VAD placements are scored: on the mic before AEC (the recommended barge-in input: AEC3's
    suppressor can mute a user's first syllables during double talk) and on the AEC output.
    """
    factory: Callable[[], VadStep] = energy_vad
    vad_used = "energy"
    if vad == "silero" and _silero_vad() is not None:
        factory, vad_used = _silero_factory, "silero"
    report: dict = {"vad": vad_used, "seed": seed}
    for vad_input in ("mic", "cleaned"):
        for name, combos in (("dev", DEV_COMBOS), ("held_out", held_out_combos(seed + 1))):
            rows = evaluate(combos, factory, seed=seed, vad_input=vad_input)
            report[f"{name}_vad_on_{vad_input}"] = {"summary": _summary(rows), "runs": rows}
    return report


def _silero_factory() -> VadStep:
    step = _silero_vad()
    assert step is not None
    return step


if __name__ == "__main__":  # pragma: no cover
    import json

    report = run_echo_bench()
    print(json.dumps({k: (v["summary"] if isinstance(v, dict) else v) for k, v in report.items()}, indent=2))
