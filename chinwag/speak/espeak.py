"""espeak-ng formant synthesis: robotic, but tiny, instant and always there as a fallback voice."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import soundfile as sf

from chinwag.audio.frames import SAMPLE_RATE_HZ
from chinwag.audio.io import resample
from chinwag.errors import BackendUnavailableError, ModelError
from chinwag.speak.types import SpeechStyle, SynthesizerCapabilities

INSTALL_HINT = "install it with: sudo apt-get install espeak-ng"
TIMEOUT_S = 30.0
MAX_AMPLITUDE = 200  # espeak-ng's -a range is 0..200, 100 by default


class EspeakSynthesizer:
    """Runs one ``espeak-ng --stdout`` process per call, so calls are independent and thread-safe."""

    def __init__(
        self,
        voice: str = "en-us",
        words_per_minute: int = 175,
        pitch: int = 50,
        amplitude: int = 100,
        executable: str = "espeak-ng",
    ):
        found = shutil.which(executable)
        if found is None:
            raise BackendUnavailableError(
                f"the espeak TTS backend needs the '{executable}' program; {INSTALL_HINT}"
            )
        self._executable = found
        known = self.available_voices()
        if known and voice.split("+")[0].lower() not in known:
            raise BackendUnavailableError(
                f"espeak-ng has no voice '{voice}' (espeak-ng silently falls back to its default); "
                "pick one listed by: espeak-ng --voices"
            )
        self.voice = voice
        self.words_per_minute = words_per_minute
        self.pitch = pitch
        self.amplitude = amplitude
        self.name = f"espeak:{voice}"
        # espeak-ng has no prosodic-variation knob on its command line, so expressiveness is not offered.
        self.capabilities = SynthesizerCapabilities(
            streaming=False, word_timings=False, style_knobs=("rate", "volume")
        )

    def available_voices(self) -> set[str]:
        """Lower-cased names espeak-ng accepts after -v: languages, voice names and voice files."""
        proc = subprocess.run(
            [self._executable, "--voices"], capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
        names: set[str] = set()
        for line in proc.stdout.splitlines()[1:]:
            cols = line.split()
            if len(cols) >= 5:  # Pty Language Age/Gender VoiceName File ...
                names.update(c.lower() for c in (cols[1], cols[3], cols[4], cols[4].rsplit("/", 1)[-1]))
        return names

    def command(self, style: SpeechStyle) -> list[str]:
        wpm = round(min(max(self.words_per_minute * style.rate, 80), 450))
        amplitude = round(min(max(self.amplitude * style.volume, 0), MAX_AMPLITUDE))
        return [
            self._executable, "--stdout", "--stdin", "-v", self.voice,
            "-s", str(wpm), "-p", str(self.pitch), "-a", str(amplitude),
        ]

    def synthesize(self, text: str, style: SpeechStyle | None = None) -> np.ndarray:
        if not text.strip():
            return np.zeros(0, dtype=np.float32)
        # Text goes through stdin so a leading "-" is never read as an option.
        try:
            proc = subprocess.run(
                self.command(style or SpeechStyle()),
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ModelError(f"espeak-ng took longer than {TIMEOUT_S:.0f} s for {text[:60]!r}") from exc
        if proc.returncode != 0 or not proc.stdout:
            detail = proc.stderr.decode("utf-8", "replace").strip()
            raise ModelError(
                f"espeak-ng failed (exit {proc.returncode}): {detail or 'no audio'}; "
                f"check that the voice '{self.voice}' exists (espeak-ng --voices)"
            )
        data, rate_hz = sf.read(io.BytesIO(proc.stdout), dtype="float32")
        if data.ndim == 2:
            data = data.mean(axis=1)
        return np.clip(resample(data, int(rate_hz), SAMPLE_RATE_HZ), -1.0, 1.0)
