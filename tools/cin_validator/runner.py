"""Run the DfE CIN census validator (PyPI csc-validator-be-cin) on one XML file.

Runs inside .venv-cin-validator (`make validator`), never inside .venv: the validator
pins pandas<2. Its output is JSON on standard output, for tests and the bench:

    .venv-cin-validator/bin/python tools/cin_validator/runner.py validate FILE.xml
        {"package": "csc-validator-be-cin 0.1.13", "ruleset": "cin2025_26", "rules": 109,
         "issues": [{"rule": "8606", "type": "error", "child": "1234567",
                     "message": "..."}, ...],
         "rule_failures": [...]}
    (--ruleset cin2025_26 overrides the ruleset, which is otherwise taken from the file's
    census year: Year 2026 -> cin2025_26.)

    .venv-cin-validator/bin/python tools/cin_validator/runner.py convert FILE.xml
        {"children": 2000, "seconds": 31.2, "cpu_seconds": 30.9}
    (only the validator's own XML-to-tables conversion, parse included, timed: the peer
    for the bench; on a busy machine the CPU seconds are the steadier figure.)

    .venv-cin-validator/bin/python tools/cin_validator/runner.py rulesets
        {"package": "...", "rulesets": ["cin2022_23", ...]}

"type" is "error" or "query" (the rule's own type; query codes end in Q). Issues that
belong to no child (the file as a whole) have "child": null. "rule_failures" lists the
rules that raised an exception inside the validator (it prints and carries on), so a
rule that checked nothing is not mistaken for a rule that passed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import io
import json
import pkgutil
import re
import sys
import time
import warnings
import xml.etree.ElementTree as ET  # the validator's own parser; our files only
from typing import Any

PACKAGE = "csc-validator-be-cin"
# pandas 1.5 warns about its own future inside the validator's rules: not our concern.
warnings.filterwarnings("ignore", category=FutureWarning)


def package_version() -> str:
    return f"{PACKAGE} {importlib.metadata.version(PACKAGE)}"


def rulesets() -> list[str]:
    import cin_validator.rules as rules

    return sorted(m.name for m in pkgutil.iter_modules(rules.__path__) if m.name.startswith("cin"))


def ruleset_for(root: ET.Element) -> str:
    year = (root.findtext("Header/CollectionDetails/Year") or "").strip()
    if not re.fullmatch(r"\d{4}", year):
        raise SystemExit(f"The file has no census Year in its Header: {year!r}")
    return f"cin{int(year) - 1}_{year[2:]}"


def convert(path: str) -> dict[str, Any]:
    from cin_validator import cin_validator

    started, cpu = time.perf_counter(), time.process_time()
    root = ET.parse(path).getroot()  # noqa: S314 (files we generated)
    tables = cin_validator.convert_data(root)
    return {
        "children": len(tables["ChildIdentifiers"]),
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
    }


def validate(path: str, ruleset: str | None) -> dict[str, Any]:
    from cin_validator import cin_validator

    root = ET.parse(path).getroot()  # noqa: S314 (files we generated)
    name = ruleset or ruleset_for(root)
    if name not in rulesets():
        raise SystemExit(f"The validator has no ruleset {name}; it has {', '.join(rulesets())}")
    registry = importlib.import_module(f"cin_validator.rules.{name}").registry
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        data = cin_validator.process_data(cin_validator.convert_data(root))
        validator = cin_validator.CinValidator(data, registry)
    failures = [
        line.strip()
        for line in printed.getvalue().splitlines()
        if line.startswith("Error with rule")
    ]

    def kind(code: str) -> str:
        rule = registry.get(str(code))
        if rule is None:
            return "query" if str(code).endswith("Q") else "error"
        return "query" if rule.rule_type.name == "QUERY" else "error"

    issues: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    frame = validator.full_issue_df
    for row in frame[["rule_code", "rule_description", "child_id"]].itertuples(index=False):
        code, message, child = str(row[0]), str(row[1]), row[2]
        child_id = None if child is None or child != child else str(child)  # NaN != NaN
        if (code, child_id) in seen:
            continue
        seen.add((code, child_id))
        issues.append({"rule": code, "type": kind(code), "child": child_id, "message": message})
    for row in validator.multichild_issues.itertuples(index=False):
        code, message = str(row[0]), str(row[1])
        if (code, None) in seen:
            continue
        seen.add((code, None))
        issues.append({"rule": code, "type": kind(code), "child": None, "message": message})
    return {
        "package": package_version(),
        "ruleset": name,
        "rules": len(registry),
        "issues": issues,
        "rule_failures": failures,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("validate", help="validate a file; print its issues as JSON")
    run.add_argument("file")
    run.add_argument("--ruleset", help="e.g. cin2025_26 (default: from the file's census year)")
    timed = commands.add_parser("convert", help="time the XML-to-tables conversion only")
    timed.add_argument("file")
    commands.add_parser("rulesets", help="list the validator's rulesets")
    args = parser.parse_args(argv)
    if args.command == "validate":
        result = validate(args.file, args.ruleset)
    elif args.command == "convert":
        result = convert(args.file)
    else:
        result = {"package": package_version(), "rulesets": rulesets()}
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
