"""Who may see and change case reviews, actions, agency summaries, evidence and learning.

* The case review group (review.view / review.manage at partnership scope) sees the
  partnership's incidents, rapid reviews, reviews, SAR referrals and subjects. The
  executive's review.view is aggregate: figures and the overdue dashboard, never records.
* The action plan (recommendation.*) shows what, measure, status and agency, never
  subject details. update at agency scope reaches the actions the person's agency owns.
* An agency summary is seen and written by the requested agency (see `AgencySummaryAccess`).
* Actions and their evidence files: see `masa.actions.policies`.
* Published learning is for every member of the partnership; drafts need review.manage.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from masa.actions.models import Action
from masa.core.models import Membership, Scope
from masa.core.policies import Policy, current_membership, scope_of
from masa.reviews.models import (
    AgencySummary,
    Briefing,
    Incident,
    LibraryItem,
    Newsletter,
    PreDiscussion,
    Publishable,
    RapidReview,
    Recommendation,
    Review,
    ReviewDocument,
    Reviewer,
    SarReferral,
    Subject,
    Theme,
)


class _CaseReviewGroupPolicy(Policy[Any]):
    """Records only the case review group sees: review.* at partnership scope. Narrower
    scopes are not defined for these records, so they reach nothing."""

    resource = "review"

    def scoped(self, records: QuerySet[Any], membership: Membership, scope: Scope) -> QuerySet[Any]:
        if scope != Scope.PARTNERSHIP:
            return records.none()
        return records.filter(partnership=membership.partnership)


# The statuses at which a review has come to the executive for sign-off, or is past it.
SIGN_OFF_STAGES = (
    Review.Status.DRAFT_RECEIVED,
    Review.Status.SIGNED_OFF,
    Review.Status.PUBLISHED,
    Review.Status.CLOSED_NOT_PUBLISHED,
)


class ReviewPolicy(_CaseReviewGroupPolicy):
    """Reviews: the case review group's. Whoever signs reviews off (recommendation.sign_off
    at partnership scope) may also open, read and download the documents of a review of
    their partnership once its draft has come for sign-off: they cannot sign off what
    they cannot read. They never see the subject's details (`sees_subject_details`)."""

    model = Review

    def visible(self, user: Any, action: str) -> QuerySet[Review]:
        records = super().visible(user, action)
        if action != "view" or not may_sign_off(user):
            return records
        membership = current_membership(user)
        assert membership is not None
        signing = Review.objects.filter(partnership=membership.partnership).filter(
            Q(status__in=SIGN_OFF_STAGES)
            | Q(status=Review.Status.PAUSED, resume_status__in=SIGN_OFF_STAGES)
        )
        return Review.objects.filter(
            Q(pk__in=records.values("pk")) | Q(pk__in=signing.values("pk"))
        )

    def can(self, user: Any, action: str, obj: Review | None = None) -> bool:
        if obj is not None and action == "view":
            return self.visible(user, action).filter(pk=obj.pk).exists()
        return super().can(user, action, obj)


class IncidentPolicy(_CaseReviewGroupPolicy):
    model = Incident


class PreDiscussionPolicy(_CaseReviewGroupPolicy):
    model = PreDiscussion


class RapidReviewPolicy(_CaseReviewGroupPolicy):
    model = RapidReview


class SarReferralPolicy(_CaseReviewGroupPolicy):
    model = SarReferral


class SubjectPolicy(_CaseReviewGroupPolicy):
    """Subjects and their equality data: only review.view at partnership scope."""

    model = Subject


class ReviewerPolicy(_CaseReviewGroupPolicy):
    model = Reviewer


class ThemePolicy(_CaseReviewGroupPolicy):
    """Editing the theme list (review.manage). Reading themes needs no permission."""

    model = Theme


class RecommendationPolicy(Policy[Recommendation]):
    """Recommendations: partnership scope sees all the partnership's; agency scope those
    with an action the person's agency owns; own scope those with an action they own."""

    resource = "recommendation"
    model = Recommendation

    def scoped(
        self, records: QuerySet[Recommendation], membership: Membership, scope: Scope
    ) -> QuerySet[Recommendation]:
        records = records.filter(review__partnership=membership.partnership)
        if scope == Scope.PARTNERSHIP:
            return records
        if scope == Scope.AGENCY:
            return records.filter(
                pk__in=Action.objects.filter(
                    partnership=membership.partnership, owner_agency=membership.agency
                ).values("recommendation_id")
            )
        return records.filter(
            pk__in=Action.objects.filter(owner=membership.person).values("recommendation_id")
        )


def _wide(user: Any, permission: str) -> bool:
    return scope_of(user, permission) == Scope.PARTNERSHIP


def _any_records(user: Any, permission: str) -> bool:
    scope = scope_of(user, permission)
    return scope is not None and scope != Scope.AGGREGATE


class AgencySummaryAccess:
    """Agency summaries for rapid reviews.

    Rule: the case review group (review.view at partnership scope) sees every summary
    of the partnership, and review.manage at partnership scope may also write them (on
    an agency's behalf). Anyone else sees and writes a summary only when their
    membership's agency IS the summary's agency and they hold recommendation.update or
    review.view at a scope other than aggregate. They see that request alone, never the
    rest of the rapid review.
    """

    ACTIONS = ("view", "submit")

    def visible(self, user: Any, action: str) -> QuerySet[AgencySummary]:
        if action not in self.ACTIONS:
            raise ValueError(f"agency summaries have no action {action!r}")
        membership = current_membership(user)
        if membership is None:
            return AgencySummary.objects.none()
        records = AgencySummary.objects.filter(partnership=membership.partnership)
        wide = "review.view" if action == "view" else "review.manage"
        if _wide(user, wide):
            return records
        if _any_records(user, "recommendation.update") or _any_records(user, "review.view"):
            return records.filter(agency=membership.agency)
        return AgencySummary.objects.none()

    def can(self, user: Any, action: str, obj: AgencySummary | None = None) -> bool:
        records = self.visible(user, action)
        if obj is None:
            return records.exists()
        return records.filter(pk=obj.pk).exists()


class ReviewDocumentAccess:
    """A review's documents: whoever may open the review (`ReviewPolicy`: the case
    review group, and the executive once the draft has come for sign-off). Adding one
    needs review.manage at partnership scope. Everyone else: 404."""

    def visible(self, user: Any) -> QuerySet[ReviewDocument]:
        return ReviewDocument.objects.filter(review__in=reviews.visible(user, "view").values("pk"))

    def can_add(self, user: Any, review: Review) -> bool:
        return _wide(user, "review.manage") and reviews.can(user, "manage", review)


class LearningAccess:
    """Briefings and newsletters: published ones for every member of the partnership,
    drafts as well for review.manage at partnership scope. Library items are always
    published."""

    def _membership_and_drafts(self, user: Any) -> tuple[Membership | None, bool]:
        membership = current_membership(user)
        return membership, membership is not None and _wide(user, "review.manage")

    def briefings(self, user: Any) -> QuerySet[Briefing]:
        membership, drafts = self._membership_and_drafts(user)
        if membership is None:
            return Briefing.objects.none()
        records = Briefing.objects.filter(partnership=membership.partnership)
        return records if drafts else records.filter(status=Publishable.PUBLISHED)

    def newsletters(self, user: Any) -> QuerySet[Newsletter]:
        membership, drafts = self._membership_and_drafts(user)
        if membership is None:
            return Newsletter.objects.none()
        records = Newsletter.objects.filter(partnership=membership.partnership)
        return records if drafts else records.filter(status=Publishable.PUBLISHED)

    def library_items(self, user: Any) -> QuerySet[LibraryItem]:
        membership = current_membership(user)
        if membership is None:
            return LibraryItem.objects.none()
        return LibraryItem.objects.filter(partnership=membership.partnership)

    def can_manage(self, user: Any) -> bool:
        return _wide(user, "review.manage")


def sees_subject_details(user: Any) -> bool:
    """Subject details (pseudonym, equality data) only for review.view at partnership scope."""
    return _wide(user, "review.view")


def sees_review_figures(user: Any) -> bool:
    """Aggregate figures and the overdue dashboard: review.view at any scope."""
    return scope_of(user, "review.view") is not None


def may_sign_off(user: Any, partnership_id: int | None = None) -> bool:
    membership = current_membership(user)
    if membership is None or (
        partnership_id is not None and membership.partnership_id != partnership_id
    ):
        return False
    return _wide(user, "recommendation.sign_off")


reviews = ReviewPolicy()
incidents = IncidentPolicy()
pre_discussions = PreDiscussionPolicy()
rapid_reviews = RapidReviewPolicy()
sar_referrals = SarReferralPolicy()
subjects = SubjectPolicy()
reviewers = ReviewerPolicy()
themes = ThemePolicy()
recommendations = RecommendationPolicy()
agency_summaries = AgencySummaryAccess()
documents = ReviewDocumentAccess()
learning = LearningAccess()


# --- R1 casework pages ---------------------------------------------------------------------


def sees_agency_summaries(user: Any) -> bool:
    """Whether `AgencySummaryAccess` can show this person any summary at all (the case
    review group, or someone whose agency may be asked for one), so the list of requests
    is a page for them even while it is empty; for everyone else it is not there."""
    return (
        _wide(user, "review.view")
        or _any_records(user, "recommendation.update")
        or _any_records(user, "review.view")
    )
