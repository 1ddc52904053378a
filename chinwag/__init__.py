"""chinwag: real-time, full-duplex voice conversation on one streaming core."""

from __future__ import annotations

__version__ = "0.1.0"
