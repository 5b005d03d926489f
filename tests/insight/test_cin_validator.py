"""Generated CIN census files pass the DfE validation rules (the oracle).

The rules are those of the PyPI package csc-validator-be-cin, run from its own
virtualenv (.venv-cin-validator, `make validator`; `make test` makes it) through
tools/cin_validator/runner.py. Any error-type rule fails the test; the queries that
remain are printed (see them with `pytest -rA` or `-s`), as a local authority would
explain them to the DfE. In CI (CI=true) a missing validator fails the test rather
than skipping it (tests/conftest.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from masa.insight.cin.generate import generate

pytestmark = pytest.mark.validator

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv-cin-validator" / "bin" / "python"
RUNNER = ROOT / "tools" / "cin_validator" / "runner.py"

# Census year -> the validator's ruleset for it (the package has one for each).
RULESETS = {2024: "cin2023_24", 2025: "cin2024_25", 2026: "cin2025_26", 2027: "cin2026_27"}


def validator(*args: str) -> dict[str, Any]:
    if not PYTHON.exists():
        pytest.skip("The CIN validator is not installed: run `make validator`.")
    done = subprocess.run(
        [str(PYTHON), str(RUNNER), *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def report(result: dict[str, Any]) -> str:
    counts = Counter((i["rule"], i["type"], i["message"]) for i in result["issues"])
    lines = [f"{result['package']}, ruleset {result['ruleset']} ({result['rules']} rules):"]
    lines += [
        f"  {n:4d} x {rule} ({kind}) {message}" for (rule, kind, message), n in counts.items()
    ]
    return "\n".join(lines if counts else [*lines, "  no issues"])


@pytest.mark.parametrize(("year", "seed"), [(2024, 31), (2025, 32), (2026, 33), (2027, 34)])
def test_a_generated_census_breaks_no_dfe_error_rule(tmp_path: Path, year: int, seed: int) -> None:
    path = tmp_path / f"cin_{year}.xml"
    generate(path, children=300, year=year, seed=seed)
    result = validator("validate", str(path))
    print(report(result), file=sys.stdout)  # the queries that remain, for the test output
    assert result["ruleset"] == RULESETS[year]
    assert result["rules"] >= 100
    assert result["rule_failures"] == []
    errors = [i for i in result["issues"] if i["type"] == "error"]
    assert errors == []
    assert all(i["rule"].endswith("Q") for i in result["issues"])


def test_the_validator_finds_errors_in_a_spoilt_file(tmp_path: Path) -> None:
    """The oracle can fail: a wrong UPN check letter and a child's closure without a reason."""
    good = tmp_path / "good.xml"
    generate(good, children=40, year=2026, seed=35)
    text = good.read_text()
    upn_at = text.index("<UPN>") + len("<UPN>")
    letter = text[upn_at]
    text = text[:upn_at] + ("B" if letter == "A" else "A") + text[upn_at + 1 :]
    reason_at = text.index("<ReasonForClosure>")
    text = text[:reason_at] + text[text.index("\n", reason_at) + 1 :]
    spoilt = tmp_path / "spoilt.xml"
    spoilt.write_text(text)
    result = validator("validate", str(spoilt))
    errors = {i["rule"] for i in result["issues"] if i["type"] == "error"}
    assert {"1510", "8805"} <= errors  # wrong check letter; closure date without a reason


def test_the_validator_times_its_own_conversion(tmp_path: Path) -> None:
    path = tmp_path / "small.xml"
    generate(path, children=25, year=2026, seed=36)
    result = validator("convert", str(path))
    assert result["children"] == 25
    assert result["seconds"] > 0
    assert result["cpu_seconds"] > 0
