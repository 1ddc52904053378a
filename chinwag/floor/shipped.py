"""Reading the small models chinwag ships in ``chinwag/data`` (or one a user trained) as JSON."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from chinwag.errors import ConfigError


def read_model_json(path: str | Path | None, shipped: str, what: str, retrain: str) -> Any:
    """``path``, or the shipped ``chinwag/data/<shipped>`` when None; a missing or broken file is a
    ConfigError that says how to get a good one (``retrain``: the command that makes it)."""
    try:
        if path is None:
            text = resources.files("chinwag").joinpath("data", shipped).read_text()
        else:
            text = Path(path).read_text()
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the {what} ({path or 'chinwag/data/' + shipped}): {exc}; "
                          f"reinstall chinwag or run `{retrain}`") from exc
