"""chinwag: real-time, full-duplex voice conversation on one streaming core."""

from __future__ import annotations

import os

__version__ = "0.1.0"

# Before any numeric library loads: OpenMP threads that sleep while they wait instead of spinning.
# CTranslate2 (Whisper) and ggml (the language models) each bring their own OpenMP runtime; with the
# default spin-wait, beside one busy core a Whisper decode went from ~150 ms to 0.3-0.75 s (p95), and
# beside another OpenMP process to 5 s. Session 14, ``chinwag bench latency --busy-cores 1``;
# docs/architecture.md. A value the user set is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
