"""Every email template of the project keeps the house rules (masa.core.notify):
a subject has its body, the body links to MASA, and no email names a child."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUBJECTS = sorted(ROOT.glob("masa/*/templates/*/emails/*.subject.txt"))
BODIES = sorted(ROOT.glob("masa/*/templates/*/emails/*.body.txt"))

# Fields only records about a child (or their family) carry: a person who uses MASA
# has a `full_name`, never these.
CHILD_FIELDS = {
    "first_name",
    "first_names",
    "forename",
    "forenames",
    "last_name",
    "surname",
    "given_name",
    "family_name",
    "preferred_name",
    "known_as",
    "date_of_birth",
    "expected_date_of_birth",
    "nhs_number",
}
# Records about a child: printed whole they show the child's name (their `__str__`).
CHILD_RECORDS = {"child", "children", "contact", "contacts", "subject", "young_person"}
NAMES = {"name", "names", "full_name"}
EXPRESSION = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.S)
VARIABLE = re.compile(r"(?<![\w.'\"])[A-Za-z_]\w*(?:\.\w+)*")


def child_names_in(text: str) -> list[str]:
    """The variables in a template that could put a child's name in an email.

    The rule, which needs no list of every template's context: a variable may not read
    a field only child records have (`first_names`, `last_name`, `date_of_birth`, ...),
    may not print a record about a child whole (`{{ contact }}`, `{{ child }}`: their
    text is the child's name), and may not read a name from one (`subject.full_name`,
    `child.name`). A record about a child is named in an email by its reference
    (`{{ contact.reference }}`), as the audit log names it.
    """
    found = []
    for printed, tag in EXPRESSION.findall(text):
        expression = printed or tag
        for variable in VARIABLE.findall(expression):
            parts = variable.split(".")
            if CHILD_FIELDS & set(parts):
                found.append(variable)
                continue
            for index, part in enumerate(parts):
                following = parts[index + 1] if index + 1 < len(parts) else None
                if part in CHILD_RECORDS and (
                    following in NAMES or (following is None and printed)
                ):
                    found.append(variable)
    return found


def test_the_rule_finds_a_childs_name_and_lets_references_through() -> None:
    assert child_names_in("Dear {{ recipient.full_name }}, see {{ contact.reference }}") == []
    assert child_names_in("{% if contact %}{{ link }}{% endif %}") == []
    assert child_names_in("About {{ contact.first_names }} {{ contact.last_name }}") == [
        "contact.first_names",
        "contact.last_name",
    ]
    assert child_names_in("{{ contact }}") == ["contact"]
    assert child_names_in("{{ review.subject.full_name|upper }}") == ["review.subject.full_name"]
    assert child_names_in("{{ child.name }} born {{ x.date_of_birth }}") == [
        "child.name",
        "x.date_of_birth",
    ]
    assert child_names_in("{% for c in children %}{% endfor %}{{ children }}") == ["children"]


def test_there_are_email_templates_to_check() -> None:
    assert SUBJECTS


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_subject_has_its_body(subject: Path) -> None:
    assert subject.with_name(subject.name.replace(".subject.txt", ".body.txt")).exists()


@pytest.mark.parametrize("body", BODIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_body_has_its_subject_and_links_to_masa(body: Path) -> None:
    assert body.with_name(body.name.replace(".body.txt", ".subject.txt")).exists()
    text = body.read_text()
    assert "{{ link" in text or "http" in text


@pytest.mark.parametrize("template", SUBJECTS + BODIES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_email_names_a_child(template: Path) -> None:
    assert child_names_in(template.read_text()) == []
