"""The default evaluation forms, as data: the questions every course asks at the four
stages unless it has forms of its own. Knowledge and confidence are asked as the same
1 to 5 scales before, after and at 8 weeks, so the change can be measured."""

from __future__ import annotations

from typing import NamedTuple

from django.db import transaction

from masa.core import audit
from masa.core.models import Partnership
from masa.learning.models import EvaluationForm, EvaluationQuestion, EvaluationStage, Respondent


class Question(NamedTuple):
    text: str
    kind: str
    measure: str = ""
    required: bool = True


SCALE, TEXT = EvaluationQuestion.Kind.SCALE, EvaluationQuestion.Kind.TEXT
KNOWLEDGE = Question(
    "How would you rate your knowledge of this subject?",
    SCALE,
    EvaluationQuestion.Measure.KNOWLEDGE,
)
CONFIDENCE = Question(
    "How confident do you feel about acting on this subject in your work?",
    SCALE,
    EvaluationQuestion.Measure.CONFIDENCE,
)

LEARNER, LINE_MANAGER = Respondent.LEARNER, Respondent.LINE_MANAGER

# (stage, who answers) → (title, questions). At six months the learner and their line
# manager each give their part of the stage (seed 004 §7.6).
DEFAULT_FORMS: dict[tuple[str, str], tuple[str, list[Question]]] = {
    (EvaluationStage.BEFORE, LEARNER): (
        "Before the course",
        [KNOWLEDGE, CONFIDENCE, Question("What do you hope to learn?", TEXT)],
    ),
    (EvaluationStage.AFTER, LEARNER): (
        "After the course",
        [
            KNOWLEDGE,
            CONFIDENCE,
            Question("What will you do differently in your work as a result?", TEXT),
        ],
    ),
    (EvaluationStage.IMPACT, LEARNER): (
        "Impact at 8 weeks",
        [
            Question("What has changed in your practice since the course?", TEXT),
            Question("Give an example of where you used what you learned.", TEXT),
            KNOWLEDGE,
            CONFIDENCE,
        ],
    ),
    (EvaluationStage.SIX_MONTHS, LEARNER): (
        "Six months on: your view",
        [
            Question("What difference has the training made to your work?", TEXT),
            Question("What have you and your line manager agreed you will do next?", TEXT),
        ],
    ),
    (EvaluationStage.SIX_MONTHS, LINE_MANAGER): (
        "Six months on: the line manager's view",
        [
            Question("What difference has the training made to the learner's work?", TEXT),
            Question("What has the line manager observed in the learner's practice?", TEXT),
        ],
    ),
}


@transaction.atomic
def evaluation_defaults_ensure(partnership: Partnership) -> list[EvaluationForm]:
    """The partnership's default form for each of the four stages (two at six months:
    the learner's and the line manager's), created with its questions where missing.
    Forms already there (perhaps edited) are left alone."""

    def defaults() -> dict[tuple[str, str], EvaluationForm]:
        return {
            (form.stage, form.respondent): form
            for form in EvaluationForm.objects.filter(partnership=partnership, course__isnull=True)
        }

    existing = defaults()
    if len(existing) < len(DEFAULT_FORMS):
        # Lock the partnership so two first visits at once do not both create the forms.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        existing = defaults()
    forms: list[EvaluationForm] = []
    created: list[str] = []
    for (stage, respondent), (title, questions) in DEFAULT_FORMS.items():
        form = existing.get((stage, respondent))
        if form is None:
            created.append(stage if respondent == LEARNER else f"{stage} ({respondent})")
            form = EvaluationForm.objects.create(
                partnership=partnership,
                course=None,
                stage=stage,
                respondent=respondent,
                title=title,
            )
            EvaluationQuestion.objects.bulk_create(
                EvaluationQuestion(
                    form=form,
                    number=number,
                    text=question.text,
                    kind=question.kind,
                    measure=question.measure,
                    required=question.required,
                )
                for number, question in enumerate(questions, start=1)
            )
        forms.append(form)
    if created:
        audit.record(
            None, "evaluation_forms.ship", partnership=partnership, changes={"stages": created}
        )
    return forms
