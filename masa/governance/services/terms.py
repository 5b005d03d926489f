"""Terms of reference: versions approved by the group on a date, each with its review
date on the `governance_terms_review` clock (yearly by default)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from masa.core import audit, clocks, files
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.timescales import rule_for
from masa.governance import policies
from masa.governance.models import Group, TermsOfReference, governance_file_path
from masa.governance.services.common import change, text, today


@transaction.atomic
def terms_add(
    *,
    acting: Acting,
    group: Group,
    summary: str,
    approved_on: datetime.date,
    name: str = "",
    chunks: Iterable[bytes] = (),
) -> TermsOfReference:
    """Record a new version of a group's terms of reference (with its file, if sent)."""
    policies.groups.require(acting, "manage", group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    summary = text(summary, "summary", "Summarise the terms of reference")
    if approved_on > today():
        raise ServiceError("The date approved cannot be in the future", field="approved_on")
    if approved_on.year < 2000:
        raise ServiceError("Enter a date from 2000 onwards", field="approved_on")
    latest = group.terms.aggregate(top=Max("version"))["top"] or 0
    if group.terms.filter(approved_on=approved_on, summary=summary).exists():
        raise ServiceError("This version is already recorded", field="summary")
    due = clocks.due(approved_on, rule_for(acting.partnership, "governance_terms_review"))
    assert isinstance(due, datetime.date)
    terms = TermsOfReference(
        partnership_id=group.partnership_id,
        group=group,
        version=latest + 1,
        summary=summary,
        approved_on=approved_on,
        review_due_on=due,
        added_by=acting.person,
    )
    changes = {"version": change(None, terms.version), "review_due_on": change(None, str(due))}
    if name:
        checked = files.checked_upload(name, chunks)
        for field, value in files.file_fields(acting.person, name, checked).items():
            if field != "uploaded_by":
                setattr(terms, field, value)
        files.keep_file(
            terms,
            governance_file_path(terms, checked.stored_name),
            checked,
            lambda file_changes: audit.record(
                acting, "group.terms_add", terms, {**changes, **file_changes}
            ),
        )
    else:
        terms.save()
        audit.record(acting, "group.terms_add", terms, changes)
    return terms
