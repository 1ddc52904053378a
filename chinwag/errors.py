"""Exceptions that tell the user what went wrong and what to do about it."""

from __future__ import annotations


class ChinwagError(Exception):
    """Base class: every chinwag error carries a message meant for a person."""


class AudioInputError(ChinwagError):
    """The audio given to chinwag cannot be used (empty, not audio, NaN, unreadable)."""


class BackendUnavailableError(ChinwagError):
    """An optional backend is not installed; the message names the extra to install."""


class ModelError(ChinwagError):
    """A model failed or timed out while producing output."""


class ConfigError(ChinwagError):
    """An agent or policy configuration file is invalid."""
