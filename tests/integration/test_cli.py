"""The `chinwag` command as a user runs it, in a subprocess, on WAVs a user might bring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from chinwag.audio.io import resample

pytestmark = pytest.mark.integration
CHINWAG = [sys.executable, "-m", "chinwag"]


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHINWAG_DB": str(db)}
    return subprocess.run([*CHINWAG, *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def caller_44k_stereo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.speech_fixtures import piper

    speech = piper("Hello, what time do you open on Sunday?")
    mono = np.concatenate([np.zeros(56000, np.float32), speech, np.zeros(16000 * 5, np.float32)])
    at_44k = resample(mono, 16000, 44100)
    path = tmp_path_factory.mktemp("cli") / "caller.wav"
    sf.write(path, np.stack([at_44k, 0.5 * at_44k], axis=1), 44100)
    return path


def test_talk_records_a_stereo_conversation_and_sessions_show_it(caller_44k_stereo: Path, tmp_path: Path) -> None:
    out, events, db = tmp_path / "conv.wav", tmp_path / "events.jsonl", tmp_path / "rec.db"
    proc = run_cli("talk", "--fast", "--input", str(caller_44k_stereo), "--output", str(out),
                   "--events", str(events), db=db)
    assert proc.returncode == 0, proc.stderr[-2000:]
    audio, rate = sf.read(out)
    assert rate == 16000 and audio.ndim == 2 and audio.shape[1] == 2
    input_s = sf.info(caller_44k_stereo).duration
    assert len(audio) / rate >= input_s - 0.05  # as long as the input plus the agent's last reply
    assert np.abs(audio[:, 1]).max() > 0.05  # the agent spoke
    kinds = [json.loads(line)["kind"] for line in events.read_text().splitlines()]
    assert "transcript.final" in kinds and "utterance.started" in kinds
    listing = run_cli("sessions", "list", db=db)
    assert listing.returncode == 0 and "completed" in listing.stdout
    session_id = _first_id(listing.stdout)
    shown = run_cli("sessions", "show", session_id, db=db)
    assert shown.returncode == 0 and "sunday" in shown.stdout.lower()


def _first_id(listing: str) -> str:
    for token in listing.split():
        if len(token) == 12 and all(c in "0123456789abcdef" for c in token):
            return token
    raise AssertionError(f"no session id in:\n{listing}")


@pytest.mark.parametrize("content", [b"", b"this is not audio at all"])
def test_bad_input_gets_a_clear_error_not_a_traceback(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(content)
    out = str(tmp_path / "o.wav")
    proc = run_cli("talk", "--fast", "--input", str(bad), "--output", out, db=tmp_path / "r.db")
    assert proc.returncode == 2
    assert "error:" in proc.stderr and "Traceback" not in proc.stderr


def test_transcribe_json_gives_words_with_timings(caller_44k_stereo: Path, tmp_path: Path) -> None:
    proc = run_cli("transcribe", str(caller_44k_stereo), "--json", db=tmp_path / "r.db")
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert "sunday" in result["text"].lower()
    starts = [w["start_ms"] for w in result["words"]]
    assert starts == sorted(starts) and starts[0] >= 3000  # the speech starts 3.5 s in
