"""The people reviews are about: a pseudonym and equality data only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.codes import ETHNICITY, SEX
from masa.core.errors import ServiceError
from masa.reviews.models import Subject
from masa.reviews.services.common import _manage, _require_text

SUBJECT_FIELDS = (
    "pseudonym",
    "is_child",
    "age_band",
    "sex",
    "ethnicity",
    "disability",
    "other_characteristics",
)


CHILD_BANDS = {"unborn", "under_1", "1_4", "5_9", "10_15", "16_17"}


@transaction.atomic
def subject_save(
    *,
    acting: Acting,
    pseudonym: str,
    is_child: bool,
    age_band: str,
    sex: str,
    ethnicity: str,
    disability: str = Subject.Disability.UNKNOWN,
    other_characteristics: str = "",
    subject: Subject | None = None,
) -> Subject:
    """Record (or correct) the subject of a review: a pseudonym and equality data only."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if age_band not in Subject.AgeBand.values:
        raise ServiceError("Choose an age band", field="age_band")
    if is_child != (age_band in CHILD_BANDS):
        raise ServiceError(
            "The age band must be a child's (under 18) for a child, an adult's otherwise",
            field="age_band",
        )
    if sex not in SEX:
        raise ServiceError("Choose the sex", field="sex")
    if ethnicity not in ETHNICITY:
        raise ServiceError("Choose the ethnicity", field="ethnicity")
    if disability not in Subject.Disability.values:
        raise ServiceError("Choose whether the person is disabled", field="disability")
    created = subject is None
    if subject is not None and subject.partnership_id != partnership.pk:
        raise ServiceError("This subject belongs to another partnership")
    subject = subject or Subject(partnership=partnership)
    before = {} if created else audit.snapshot(subject, SUBJECT_FIELDS)
    subject.pseudonym = _require_text(pseudonym, "pseudonym", 'Enter a pseudonym, like "Child T"')
    subject.is_child = is_child
    subject.age_band, subject.sex, subject.ethnicity = age_band, sex, ethnicity
    subject.disability = disability
    subject.other_characteristics = other_characteristics.strip()
    subject.save()
    audit.record(
        acting,
        "review_subject.create" if created else "review_subject.update",
        subject,
        audit.changes_between(before, audit.snapshot(subject, SUBJECT_FIELDS)),
    )
    return subject


@dataclass(frozen=True)
class SubjectDetails:
    """A subject's pseudonym and equality data as a form gives them (see `subject_save`).
    Whether the subject is a child follows from the age band."""

    pseudonym: str
    age_band: str
    sex: str
    ethnicity: str
    disability: str = Subject.Disability.UNKNOWN
    other_characteristics: str = ""

    def record(self, acting: Acting) -> Subject:
        return subject_save(
            acting=acting,
            pseudonym=self.pseudonym,
            is_child=self.age_band in CHILD_BANDS,
            age_band=self.age_band,
            sex=self.sex,
            ethnicity=self.ethnicity,
            disability=self.disability,
            other_characteristics=self.other_characteristics,
        )
