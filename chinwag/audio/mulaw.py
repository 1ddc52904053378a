"""G.711 μ-law, the 8 kHz telephone codec, in numpy.

Telephony media streams carry 8-bit μ-law. The standard library's ``audioop`` did this but is
deprecated (removed in Python 3.13), so this is the classic table-free G.711 algorithm vectorised:
each 16-bit sample keeps its sign, an exponent (which power-of-two segment it falls in) and the top
four bits below the leading one, all stored inverted.
"""

from __future__ import annotations

import numpy as np

_BIAS = 0x84  # added before encoding so every segment's lower edge is a power of two
_CLIP_14 = 8159  # largest 14-bit magnitude that still fits after the bias
_SEG_END_14 = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF], dtype=np.int32)


def encode_pcm16(pcm: np.ndarray) -> np.ndarray:
    """16-bit linear PCM (int16 or any int array) to μ-law bytes (uint8).

    Bit-exact with the reference coder (Sun's g711.c, which ``audioop`` also used): the sample is
    taken to 14 bits, biased, and coded as segment (exponent) plus four mantissa bits.
    """
    x = np.asarray(pcm).astype(np.int32) >> 2
    negative = x < 0
    magnitude = np.minimum(np.where(negative, -x, x), _CLIP_14) + (_BIAS >> 2)
    segment = np.searchsorted(_SEG_END_14, magnitude, side="left")
    code = (np.minimum(segment, 7) << 4) | ((magnitude >> (np.minimum(segment, 7) + 1)) & 0x0F)
    code = np.where(segment >= 8, 0x7F, code)
    mask = np.where(negative, 0x7F, 0xFF)
    return (code ^ mask).astype(np.uint8)


def decode_pcm16(ulaw: np.ndarray | bytes) -> np.ndarray:
    """μ-law bytes to 16-bit linear PCM (int16)."""
    u = np.frombuffer(ulaw, dtype=np.uint8) if isinstance(ulaw, bytes | bytearray) else np.asarray(ulaw)
    u = (~u.astype(np.int32)) & 0xFF
    sign = u & 0x80
    exponent = (u >> 4) & 0x07
    mantissa = u & 0x0F
    magnitude = (((mantissa << 3) + _BIAS) << exponent) - _BIAS
    return np.where(sign != 0, -magnitude, magnitude).astype(np.int16)


def encode(audio: np.ndarray) -> bytes:
    """float32 audio in [-1, 1] to μ-law bytes."""
    pcm = np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0) * 32767.0
    return encode_pcm16(np.round(pcm).astype(np.int32)).tobytes()


def decode(data: bytes) -> np.ndarray:
    """μ-law bytes to float32 audio in [-1, 1]."""
    return decode_pcm16(data).astype(np.float32) / 32768.0
