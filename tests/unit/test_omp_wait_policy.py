"""Importing chinwag makes OpenMP threads sleep while they wait, unless the user chose otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def policy_after_import(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if env_value is not None:
        env["OMP_WAIT_POLICY"] = env_value
    code = "import os, chinwag; print(os.environ['OMP_WAIT_POLICY'])"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.parametrize(("given", "expected"), [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_the_wait_policy_is_passive_by_default_and_the_users_choice_is_kept(given: str | None,
                                                                            expected: str) -> None:
    assert policy_after_import(given) == expected
