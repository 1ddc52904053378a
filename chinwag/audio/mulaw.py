"""G.711 μ-law, the 8 kHz telephone codec, in numpy.

Telephony media streams carry 8-bit μ-law. The standard library's ``audioop`` did this but is
deprecated (removed in Python 3.13), so this is the classic table-free G.711 algorithm vectorised:
each 16-bit sample keeps its sign, an exponent (which power-of-two segment it falls in) and the top
four bits below the leading one, all stored inverted.
"""

from __future__ import annotations

import numpy as np

_BIAS = 0x84  # added before encoding so every segment's lower edge is a power of two
_CLIP = 32635  # largest magnitude that still fits after the bias

# exponent = position of the highest set bit of (biased >> 7), for the 256 possible values
_EXPONENT_LUT = np.array([0] + [int(v).bit_length() - 1 for v in range(1, 256)], dtype=np.int32)


def encode_pcm16(pcm: np.ndarray) -> np.ndarray:
    """16-bit linear PCM (int16 or any int array) to μ-law bytes (uint8)."""
    x = np.asarray(pcm).astype(np.int32)
    sign = np.where(x < 0, 0x80, 0x00)
    magnitude = np.minimum(np.abs(x), _CLIP) + _BIAS
    exponent = _EXPONENT_LUT[(magnitude >> 7) & 0xFF]
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8)


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
