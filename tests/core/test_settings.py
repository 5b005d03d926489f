"""Settings safety: production mode refuses to start without its secrets, and
passes Django's deployment checks once it has them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_SECRET = "k7Qe9vXr2LmN4pZs8TbW1yHc6FjD3gUa5RoVi0EqKx-Yt_Bn-Pw3Zq"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MASA_", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "PYTEST"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _run("check", ALLOWED_HOSTS="masa.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = _run("check", SECRET_KEY=STRONG_SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_refuses_a_weak_secret_key() -> None:
    result = _run("check", SECRET_KEY="changeme", ALLOWED_HOSTS="masa.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_a_secret_can_come_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(STRONG_SECRET + "\n")
    result = _run("check", SECRET_KEY_FILE=str(secret_file), ALLOWED_HOSTS="masa.example.org")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_is_a_clear_start_up_error() -> None:
    result = _run("check", MASA_DEV="maybe")
    assert result.returncode != 0
    assert "MASA_DEV must be 1/0" in result.stderr


def test_check_deploy_is_clean_in_production_mode() -> None:
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=STRONG_SECRET,
        ALLOWED_HOSTS="masa.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_mode_runs_without_secrets() -> None:
    result = _run("check", MASA_DEV="1")
    assert result.returncode == 0, result.stderr
