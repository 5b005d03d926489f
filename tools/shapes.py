"""Measure the code's shape, for issue 13's before-and-after: the largest files, the
longest functions, the helpers that decide access outside the policy interface, the
audit payload shapes in use, and how many functions still take `user: Any`.

    python tools/shapes.py [ROOT]                  (ROOT defaults to this checkout)
    python tools/shapes.py --events DB.sqlite3     the payload shapes of stored audit events

Counts are read from the source with `ast`; no Django needed, so it runs on any
older checkout of the project too.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

# Names that decide access outside a Policy's five methods: module-private guards in
# views (`_contact_or_404`), predicates (`may_sign_off`, `sees_subject_details`,
# `_wide`), and `*Access` classes with signatures of their own.
GUARD_NAME = re.compile(
    r"^(_?\w+_or_404|_?may_\w+|_?sees_\w+|_?can_\w+|_wide|_any_records|_require\w*|"
    r"_manage|_people_with|responders|data_leads)$"
)


def python_files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in (root / "masa").rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    )


def main(root: Path) -> None:
    files = python_files(root)
    sizes = sorted(((len(p.read_text().splitlines()), p) for p in files), reverse=True)
    functions: list[tuple[int, str]] = []
    guards: list[str] = []
    access_classes: list[str] = []
    user_any = 0
    payload_shapes: set[str] = set()
    for path in files:
        text = path.read_text()
        tree = ast.parse(text)
        relative = path.relative_to(root)
        user_any += len(re.findall(r"\buser: Any\b", text))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                functions.append((length, f"{relative}:{node.name}"))
                if GUARD_NAME.match(node.name):
                    guards.append(f"{relative}:{node.name}")
            if isinstance(node, ast.ClassDef) and node.name.endswith("Access"):
                access_classes.append(f"{relative}:{node.name}")
            if isinstance(node, ast.Call) and _is_record(node):
                payload_shapes.add(_payload_shape(node))
    print("Largest 10 files (lines; migrations left out):")
    for lines, path in sizes[:10]:
        print(f"  {lines:6,}  {path.relative_to(root)}")
    print("Longest 10 functions (lines):")
    for length, name in sorted(functions, reverse=True)[:10]:
        print(f"  {length:6,}  {name}")
    print(f"Guard helpers outside the policy interface: {len(guards) + len(access_classes)}")
    print(f"  functions: {len(guards)}; *Access classes: {len(access_classes)}")
    print(f"Functions with `user: Any`: {user_any}")
    shapes = sorted(payload_shapes - {"none"})
    print(f"Audit payload shapes passed to record(): {len(shapes)} ({', '.join(shapes)})")


def _is_record(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "record"
        and isinstance(func.value, ast.Name)
        and func.value.id == "audit"
    )


def _payload_shape(node: ast.Call) -> str:
    """How a record() call builds its payload: the form of the `changes` argument."""
    payload = next((k.value for k in node.keywords if k.arg == "changes"), None)
    if payload is None and len(node.args) >= 4:
        payload = node.args[3]
    if payload is None:
        return "none"
    if isinstance(payload, ast.Dict):
        values = payload.values
        if values and all(
            isinstance(v, ast.Dict)
            and {k.value for k in v.keys if isinstance(k, ast.Constant)} == {"old", "new"}
            for v in values
        ):
            return "literal old/new"
        return "literal values"
    if isinstance(payload, ast.Call):
        func = payload.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "call")
        return f"{name}()"
    return type(payload).__name__.lower()


def event_shape(payload: object) -> str:
    """The shape of one stored payload: what a reader of the log has to make sense of."""
    if not payload:
        return "empty"
    if not isinstance(payload, dict):
        return "not a mapping"
    kinds = set()
    for value in payload.values():
        if isinstance(value, dict) and set(value) == {"old", "new"}:
            kinds.add("old/new")
        elif isinstance(value, list) and not any(isinstance(item, dict | list) for item in value):
            kinds.add("plain values")  # a list of plain values is a plain value (audit._is_plain)
        elif isinstance(value, dict | list):
            kinds.add("nested values")
        else:
            kinds.add("plain values")
    return " + ".join(sorted(kinds))


def events(database: Path) -> None:
    import json
    import sqlite3

    rows = sqlite3.connect(database).execute("SELECT verb, changes FROM core_auditevent")
    by_shape: dict[str, set[str]] = {}
    for verb, changes in rows:
        by_shape.setdefault(event_shape(json.loads(changes)), set()).add(verb)
    print(f"Audit payload shapes stored in {database.name}: {len(by_shape)}")
    for shape, verbs in sorted(by_shape.items()):
        print(f"  {shape}: {len(verbs)} verbs ({', '.join(sorted(verbs)[:6])}...)")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--events":
        events(Path(sys.argv[2]))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
