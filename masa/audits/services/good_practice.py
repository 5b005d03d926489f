"""The bank of good practice examples drawn from audit rounds (seed 001: "a bank of
good practice Partnership examples ... used as part of training and wider
communication")."""

from __future__ import annotations

from django.db import transaction

from masa.audits import policies
from masa.audits.models import GoodPractice, PracticeArea, Round
from masa.audits.services.common import require_text, today
from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError


@transaction.atomic
def good_practice_add(
    *, acting: Acting, round: Round, practice_area: str, title: str, text: str
) -> GoodPractice:
    """Add an example to the bank from a round's findings: the business unit only. The
    text must not name a child or give a case reference."""
    policies.rounds.require(acting, "manage", round)
    if practice_area not in PracticeArea.values:
        raise ServiceError("Choose the practice area", field="practice_area")
    title = require_text(title, "title", "Enter a short title")
    text = require_text(text, "text", "Describe the good practice")
    references = list(round.cases.values_list("reference", flat=True))
    if any(ref and ref.lower() in f"{title} {text}".lower() for ref in references):
        raise ServiceError("Do not give a case reference: the bank is shared widely", field="text")
    entry = GoodPractice.objects.create(
        partnership=round.partnership,
        round=round,
        practice_area=practice_area,
        title=title,
        text=text,
        added_on=today(),
        added_by=acting.person,
    )
    audit.record(
        acting,
        "good_practice.add",
        entry,
        {
            "title": {"old": None, "new": title},
            "practice_area": {"old": None, "new": practice_area},
            "round": {"old": None, "new": str(round)},
        },
    )
    return entry
