from __future__ import annotations

import warnings

import numpy as np
import pytest

from chinwag.audio import mulaw


def test_known_g711_values() -> None:
    # Reference points of ITU-T G.711 μ-law (as in Sun's g711.c and audioop): zero is 0xFF, full
    # positive scale 0x80, full negative 0x00, and the code bytes decode to these segment values.
    pcm = np.array([0, 1, -1, 32767, -32768, 8, -8, 1000, -1000], dtype=np.int16)
    codes = mulaw.encode_pcm16(pcm)
    assert codes.tolist() == [0xFF, 0xFF, 0x7E, 0x80, 0x00, 0xFE, 0x7E, 0xCE, 0x4E]
    decoded = mulaw.decode_pcm16(np.array([0xFF, 0x7F, 0x80, 0x00, 0xCE, 0x4E, 0xF0, 0x70], np.uint8))
    assert decoded.tolist() == [0, 0, 32124, -32124, 988, -988, 120, -120]


def test_matches_audioop_on_every_16_bit_value() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        audioop = pytest.importorskip("audioop")
    pcm = np.arange(-32768, 32768, dtype=np.int16)
    assert mulaw.encode_pcm16(pcm).tobytes() == audioop.lin2ulaw(pcm.tobytes(), 2)
    codes = np.arange(256, dtype=np.uint8).tobytes()
    assert mulaw.decode_pcm16(codes).tobytes() == audioop.ulaw2lin(codes, 2)


def test_every_code_survives_decode_then_encode() -> None:
    codes = np.arange(256, dtype=np.uint8)
    again = mulaw.encode_pcm16(mulaw.decode_pcm16(codes))
    # 0x7F (negative zero) encodes back as 0xFF (positive zero); every other code is exact
    expected = codes.copy()
    expected[0x7F] = 0xFF
    assert again.tolist() == expected.tolist()


def test_float_round_trip_keeps_speech_level_signal() -> None:
    t = np.arange(8000) / 8000
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    data = mulaw.encode(tone)
    assert isinstance(data, bytes) and len(data) == len(tone)
    back = mulaw.decode(data)
    assert back.dtype == np.float32
    snr_db = 10 * np.log10(np.sum(tone**2) / np.sum((tone - back) ** 2))
    assert snr_db > 30  # G.711 gives about 38 dB on a loud tone


def test_float_encode_clips_out_of_range_values() -> None:
    assert mulaw.encode(np.array([2.0, -2.0], dtype=np.float32)) == bytes([0x80, 0x00])
