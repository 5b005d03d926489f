"""Who may see and change case reviews, agency summaries, documents and learning: one
`Policy` per resource (masa.core.policies), the only place reviews decides access.

* The case review group (review.view / review.manage at partnership scope) sees the
  partnership's incidents, rapid reviews, reviews, SAR referrals and subjects. The
  executive's review.view is aggregate: figures and the overdue dashboard, never records.
* Whoever signs reviews off (recommendation.sign_off at partnership scope) may also open
  a review once its draft has come for sign-off (`ReviewPolicy`).
* The action plan (recommendation.*) shows what, measure, status and agency, never
  subject details; actions and their evidence files: see `masa.actions.policies`.
* An agency summary is seen and written by the requested agency (`AgencySummaryPolicy`).
* Published learning is for every member of the partnership; drafts need review.manage.

Page and feature rules that are not a record's action are `abilities` of the policies
(functions of the acting context, below), asked as `policy.can(acting, name)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.db.models import Q, QuerySet

from masa.actions.models import Action
from masa.actions.policies import reads_plan
from masa.core.acting import Acting
from masa.core.models import Membership, Partnership, Person, Scope
from masa.core.policies import M, Policy
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

# --- abilities: what a person's roles let them do, whatever the record ---------------------


def runs_reviews(acting: Acting) -> bool:
    """Runs the partnership's reviews: review.manage at partnership scope."""
    return acting.partnership_wide("review.manage")


def sees_subject_details(acting: Acting) -> bool:
    """The case review group: records and subject details (pseudonym, equality data),
    review.view at partnership scope."""
    return acting.partnership_wide("review.view")


def sees_review_figures(acting: Acting) -> bool:
    """Aggregate figures and the overdue dashboard: review.view at any scope."""
    return acting.has("review.view")


def may_sign_off(acting: Acting, partnership_id: int | None = None) -> bool:
    """Signs reviews off: recommendation.sign_off at partnership scope (in the review's
    partnership, if one is given)."""
    if partnership_id is not None and not acting.is_in(partnership_id):
        return False
    return acting.partnership_wide("recommendation.sign_off")


def writes_for_agency(acting: Acting) -> bool:
    """May be asked for their agency's summary: recommendation.update or review.view at a
    scope that reaches records."""
    return acting.sees_records("recommendation.update") or acting.sees_records("review.view")


def sees_agency_summaries(acting: Acting) -> bool:
    """Whether `AgencySummaryPolicy` can show this person any summary at all (the case
    review group, or someone whose agency may be asked for one), so the list of requests
    is a page for them even while it is empty; for everyone else it is not there."""
    return sees_subject_details(acting) or writes_for_agency(acting)


def opens_reviews(acting: Acting) -> bool:
    """May open some review: the case review group, or whoever signs reviews off."""
    return sees_subject_details(acting) or may_sign_off(acting)


def opens_tracker(acting: Acting) -> bool:
    """May open some review's findings and recommendations: whoever may open a review,
    or read the action plan."""
    return opens_reviews(acting) or reads_plan(acting)


CASEWORK_ABILITIES: dict[str, Callable[[Acting], bool]] = {
    "run_reviews": runs_reviews,
    "see_subjects": sees_subject_details,
    "see_figures": sees_review_figures,
    "sign_off_here": may_sign_off,
    "open_reviews": opens_reviews,
}


# --- policies -------------------------------------------------------------------------------


class PartnershipWidePolicy(Policy[M]):
    """Records reached only with the permission at partnership scope: narrower scopes
    (agency, own, aggregate) are not defined for them, so they reach nothing. The record's
    partnership is found through `partnership_field`."""

    partnership_field: ClassVar[str] = "partnership"

    def scope(self, acting: Acting | None, action: str) -> Scope | None:
        if action in self.abilities:
            return None
        scope = super().scope(acting, action)
        return scope if scope == Scope.PARTNERSHIP else None

    def scoped(self, records: QuerySet[M], membership: Membership, scope: Scope) -> QuerySet[M]:
        return records.filter(**{self.partnership_field: membership.partnership})


class _CaseworkPolicy(PartnershipWidePolicy[M]):
    """Casework records: the case review group's (review.* at partnership scope)."""

    resource = "review"
    abilities = CASEWORK_ABILITIES


# The statuses at which a review has come to the executive for sign-off, or is past it.
SIGN_OFF_STAGES = (
    Review.Status.DRAFT_RECEIVED,
    Review.Status.SIGNED_OFF,
    Review.Status.PUBLISHED,
    Review.Status.CLOSED_NOT_PUBLISHED,
)


class ReviewPolicy(_CaseworkPolicy[Review]):
    """Reviews: the case review group's. Whoever signs reviews off (recommendation.sign_off
    at partnership scope) may also open, read and download the documents of a review of
    their partnership once its draft has come for sign-off: they cannot sign off what
    they cannot read. They never see the subject's details (`sees_subject_details`)."""

    model = Review

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Review]:
        records = super().visible(acting, action)
        if action != "view" or acting is None or not may_sign_off(acting):
            return records
        signing = Review.objects.filter(partnership_id=acting.partnership_id).filter(
            Q(status__in=SIGN_OFF_STAGES)
            | Q(status=Review.Status.PAUSED, resume_status__in=SIGN_OFF_STAGES)
        )
        return Review.objects.filter(
            Q(pk__in=records.values("pk")) | Q(pk__in=signing.values("pk"))
        )

    def can(self, acting: Acting | None, action: str, obj: Review | None = None) -> bool:
        if obj is not None and action == "view":
            return self.visible(acting, action).filter(pk=obj.pk).exists()
        return super().can(acting, action, obj)


class SignOffPolicy(PartnershipWidePolicy[Review]):
    """Reviews a person may sign off: every review of their partnership, for
    recommendation.sign_off at partnership scope (the executive sees no other review
    record: references and titles only)."""

    resource = "recommendation"
    model = Review


class IncidentPolicy(_CaseworkPolicy[Incident]):
    model = Incident


class PreDiscussionPolicy(_CaseworkPolicy[PreDiscussion]):
    model = PreDiscussion


class RapidReviewPolicy(_CaseworkPolicy[RapidReview]):
    model = RapidReview


class SarReferralPolicy(_CaseworkPolicy[SarReferral]):
    model = SarReferral


class SubjectPolicy(_CaseworkPolicy[Subject]):
    """Subjects and their equality data: only review.view at partnership scope."""

    model = Subject


class ReviewerPolicy(_CaseworkPolicy[Reviewer]):
    model = Reviewer


class ThemePolicy(_CaseworkPolicy[Theme]):
    """Editing the theme list (review.manage). Reading themes needs no permission."""

    model = Theme


class ReviewRecommendationPolicy(_CaseworkPolicy[Recommendation]):
    """A review's recommendations as the case review group runs them (their impact)."""

    model = Recommendation
    partnership_field = "review__partnership"


class ReviewDocumentPolicy(_CaseworkPolicy[ReviewDocument]):
    """A review's documents: whoever may open the review (`ReviewPolicy`: the case
    review group, and the executive once the draft has come for sign-off). Adding one
    needs review.manage at partnership scope. Everyone else: 404."""

    model = ReviewDocument

    def visible(self, acting: Acting | None, action: str) -> QuerySet[ReviewDocument]:
        return ReviewDocument.objects.filter(
            review__in=reviews.visible(acting, action).values("pk")
        )

    def can(self, acting: Acting | None, action: str, obj: ReviewDocument | None = None) -> bool:
        if obj is None and action == "view":
            return acting is not None and opens_reviews(acting)
        return super().can(acting, action, obj)


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


class TrackerReviewPolicy(Policy[Review]):
    """A review's findings and recommendations page ("view"): whoever may open the review
    (`ReviewPolicy`), and whoever reads the action plan and can see at least one of its
    recommendations (`RecommendationPolicy`); otherwise 404."""

    resource = "recommendation"
    model = Review
    abilities = {"open": opens_tracker}

    def visible(self, acting: Acting | None, action: str) -> QuerySet[Review]:
        if action != "view" or acting is None:
            return Review.objects.none()
        shown = Q(pk__in=reviews.visible(acting, "view").values("pk"))
        if reads_plan(acting):
            shown |= Q(pk__in=recommendations.visible(acting, "view").values("review_id"))
        return Review.objects.filter(shown)

    def can(self, acting: Acting | None, action: str, obj: Review | None = None) -> bool:
        if action in self.abilities or obj is None:
            return super().can(acting, action, obj)
        return self.visible(acting, action).filter(pk=obj.pk).exists()


class AgencySummaryPolicy(Policy[AgencySummary]):
    """Agency summaries for rapid reviews ("view" and "submit").

    Rule: the case review group (review.view at partnership scope) sees every summary
    of the partnership, and review.manage at partnership scope may also write them (on
    an agency's behalf). Anyone else sees and writes a summary only when their
    membership's agency IS the summary's agency and they hold recommendation.update or
    review.view at a scope other than aggregate (`writes_for_agency`). They see that
    request alone, never the rest of the rapid review.
    """

    resource = "review"
    model = AgencySummary
    abilities = {"see_summaries": sees_agency_summaries}
    ACTIONS: ClassVar[dict[str, str]] = {"view": "review.view", "submit": "review.manage"}

    def permission(self, action: str) -> str:
        if action not in self.ACTIONS:
            raise ValueError(f"agency summaries have no action {action!r}")
        return self.ACTIONS[action]

    def visible(self, acting: Acting | None, action: str) -> QuerySet[AgencySummary]:
        wide = self.permission(action)
        if acting is None:
            return AgencySummary.objects.none()
        records = AgencySummary.objects.filter(partnership_id=acting.partnership_id)
        if acting.partnership_wide(wide):
            return records
        if writes_for_agency(acting):
            return records.filter(agency_id=acting.agency_id)
        return AgencySummary.objects.none()

    def can(self, acting: Acting | None, action: str, obj: AgencySummary | None = None) -> bool:
        if action in self.abilities:
            return super().can(acting, action, obj)
        records = self.visible(acting, action)
        return records.exists() if obj is None else records.filter(pk=obj.pk).exists()

    def people_with(
        self,
        action: str,
        obj: AgencySummary | None = None,
        *,
        partnership: Partnership | int | None = None,
    ) -> list[Person]:
        """As for any policy; but who may `submit` a summary, to be told it is due, are
        the people who answer for its agency (`writes_for_agency`), not the whole case
        review group."""
        if action != "submit" or obj is None:
            return super().people_with(action, obj, partnership=partnership)
        memberships = Membership.objects.filter(
            partnership_id=obj.partnership_id,
            agency_id=obj.agency_id,
            is_active=True,
            person__is_active=True,
        ).select_related("person", "partnership", "agency")
        found: dict[int, Person] = {}
        for membership in memberships.order_by("person__full_name", "person__email"):
            if writes_for_agency(Acting(membership.person, membership)):
                found.setdefault(membership.person_id, membership.person)
        return list(found.values())


class _LearningPolicy(Policy[M]):
    """Briefings, newsletters and library items ("view": read; "manage": write).
    Published ones are for every member of the partnership; drafts as well for
    review.manage at partnership scope (`runs_reviews`). Library items are always
    published."""

    resource = "review"

    def scope(self, acting: Acting | None, action: str) -> Scope | None:
        if action == "view":
            self.permission(action)
            return Scope.PARTNERSHIP if acting is not None else None
        scope = super().scope(acting, action)
        return scope if scope == Scope.PARTNERSHIP else None

    def scoped(self, records: QuerySet[M], membership: Membership, scope: Scope) -> QuerySet[M]:
        records = records.filter(partnership=membership.partnership)
        if membership.scope_for("review.manage") == Scope.PARTNERSHIP:
            return records
        return self.published(records)

    def published(self, records: QuerySet[M]) -> QuerySet[M]:
        return records.filter(status=Publishable.PUBLISHED)


class BriefingPolicy(_LearningPolicy[Briefing]):
    model = Briefing


class NewsletterPolicy(_LearningPolicy[Newsletter]):
    model = Newsletter


class LibraryItemPolicy(_LearningPolicy[LibraryItem]):
    model = LibraryItem

    def published(self, records: QuerySet[LibraryItem]) -> QuerySet[LibraryItem]:
        return records


reviews = ReviewPolicy()
sign_off = SignOffPolicy()
incidents = IncidentPolicy()
pre_discussions = PreDiscussionPolicy()
rapid_reviews = RapidReviewPolicy()
sar_referrals = SarReferralPolicy()
subjects = SubjectPolicy()
reviewers = ReviewerPolicy()
themes = ThemePolicy()
review_recommendations = ReviewRecommendationPolicy()
documents = ReviewDocumentPolicy()
recommendations = RecommendationPolicy()
tracker = TrackerReviewPolicy()
agency_summaries = AgencySummaryPolicy()
briefings = BriefingPolicy()
newsletters = NewsletterPolicy()
library_items = LibraryItemPolicy()
