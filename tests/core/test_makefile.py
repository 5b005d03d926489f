"""`make validator` builds the DfE CIN validator with a Python its pins allow (3.11 or
3.10), whatever its name, and without one says so and carries on (`make test` then
skips the validator's tests, which fails in CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _make(tmp_path: Path, pythons: dict[str, int]) -> subprocess.CompletedProcess[str]:
    """`make -n -B validator` with a PATH holding only the basic tools and fake
    interpreters (name -> the exit status of the version check)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("cat", "cksum", "cut", "rm", "touch", "test"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    for name, status in pythons.items():
        fake = bin_dir / name
        fake.write_text(f"#!/bin/sh\nexit {status}\n")
        fake.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if key != "CIN_PYTHON"}
    env["PATH"] = str(bin_dir)
    return subprocess.run(
        [make, "-n", "-B", "validator"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_validator_is_built_with_any_python_its_pins_allow(tmp_path: Path) -> None:
    done = _make(tmp_path, {"python3.10": 0, "python3": 1})
    assert done.returncode == 0, done.stderr
    assert "python3.10 -m venv .venv-cin-validator" in done.stdout


def test_without_a_suitable_python_the_validator_is_skipped_clearly(tmp_path: Path) -> None:
    done = _make(tmp_path, {"python3": 1})  # a Python 3.12, say: pandas 1.5.3 has no wheel
    assert done.returncode == 0, done.stderr
    assert "-m venv" not in done.stdout
    assert "no Python 3.11 or 3.10 is installed" in done.stdout + done.stderr
