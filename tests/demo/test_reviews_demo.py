"""The demo's case reviews: two years of Northbridge's casework and action plan, made
through the services, dated in the past, idempotent, and showing everything the
partnership needs to see (every action status, drift, late and overdue clocks,
reviews at every stage, evidence in the storage, published learning)."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.db.models import Count, Q

from masa.actions import policies as action_policies
from masa.actions import rules as action_rules
from masa.actions import selectors as action_selectors
from masa.actions.models import Action, ActionUpdate, Evidence
from masa.core import files
from masa.core.models import AuditEvent, Partnership
from masa.demo import anchor, build, reviews
from masa.demo.reviews import STORY_TODAY
from masa.frontdoor.services import LONDON
from masa.reviews import policies, rules, selectors
from masa.reviews.models import (
    AgencySummary,
    Briefing,
    Incident,
    LibraryItem,
    Newsletter,
    PreDiscussion,
    RapidReview,
    Recommendation,
    ReferenceCounter,
    Review,
    ReviewDelay,
    Reviewer,
    SarReferral,
    Subject,
)
from masa.reviews.themes import STARTER_THEMES
from masa.reviews.timescales import stale_cutoff
from tests.helpers import BUSINESS_MANAGER, POLICE_BOTH, PRACTITIONER
from tests.helpers import acting as acting_in_northbridge

pytestmark = pytest.mark.django_db


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def built() -> datetime.datetime:
    """The anchor the session's demo was built with (the day the tests started)."""
    moment = anchor.recorded()
    assert moment is not None
    return moment


def story_today() -> datetime.date:
    """The story's last day (a Friday), moved on to the demo's anchor."""
    return STORY_TODAY + datetime.timedelta(weeks=anchor.weeks_after_story(built()))


def actions() -> list[Action]:
    return list(Action.objects.filter(partnership__slug="northbridge").select_related("owner"))


# --- the story as written (no database) ----------------------------------------------


@pytest.mark.django_db(False)
def test_the_story_uses_every_action_story_and_the_starter_themes() -> None:
    specs = [a for r in reviews.REVIEWS for rec in r.recommendations for a in rec.actions]
    assert {spec.story for spec in specs} == set(reviews.STORIES)
    assert 55 <= len(specs) <= 65
    starter = {name for name, _ in STARTER_THEMES}
    used = {t for r in reviews.REVIEWS for rec in r.recommendations for t in rec.themes}
    used |= {t for i in reviews.INCIDENTS for t in i.themes}
    used |= {t for b in reviews.BRIEFINGS for t in b.themes}
    assert used <= starter
    for spec in specs:
        assert bool(spec.evidence[0]) == (spec.story in reviews.WITH_EVIDENCE), spec.what
        assert bool(spec.reason) == (spec.story == reviews.CLOSED_WITH_REASON), spec.what
        overdue = spec.story.startswith("overdue")
        assert (spec.due_on < STORY_TODAY) == overdue or spec.story in (
            reviews.AT_RISK,
            *reviews.WITH_EVIDENCE,
            reviews.CLOSED_WITH_REASON,
        ), spec.what


@pytest.mark.django_db(False)
def test_subjects_are_pseudonyms() -> None:
    subjects = [i.subject for i in reviews.INCIDENTS] + [s.subject for s in reviews.SARS]
    subjects.append(reviews.DHR_SUBJECT)
    assert all(re.fullmatch(r"(Child|Adult) [A-Z]", s.pseudonym) for s in subjects)
    assert len({s.pseudonym for s in subjects}) == len(subjects)


@pytest.mark.django_db(False)
def test_evidence_pdfs_are_real_pdfs() -> None:
    data = reviews.evidence_pdf("Zq title (with brackets)", ["A line", "Another \\ line"])
    checked = files.check_upload("zq.pdf", [data], max_bytes=10_000)
    assert checked.content_type == "application/pdf"
    assert data.startswith(b"%PDF-1.4")
    assert data.rstrip().endswith(b"%%EOF")
    # The cross-reference table points at each object.
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[start:].startswith(b"xref")
    for line in data[start:].split(b"\n")[3:8]:
        offset = int(line[:10])
        assert re.match(rb"\d+ 0 obj", data[offset:])


# --- the demo as built (the session's database) -----------------------------------------


def test_the_history_is_all_there(demo: None) -> None:
    partnership = northbridge()
    assert Incident.objects.filter(partnership=partnership).count() == len(reviews.INCIDENTS)
    assert Reviewer.objects.filter(partnership=partnership).count() == 4
    # The case reviews' own actions (the demo's audits add actions of their own).
    from_reviews = Action.objects.filter(partnership=partnership, source_kind="recommendation")
    assert 55 <= from_reviews.count() <= 65
    assert Recommendation.objects.filter(review__partnership=partnership).count() >= 15
    assert PreDiscussion.objects.filter(partnership=partnership).count() == 2
    counted = AuditEvent.objects.get(partnership=partnership, verb=reviews.LOAD_VERB).changes
    assert counted["actions"] == from_reviews.count()
    assert counted["anchor"] == built().isoformat()
    # Southmoor has none of it.
    assert not Incident.objects.filter(partnership__slug="southmoor").exists()


def test_building_again_changes_nothing(demo: None) -> None:
    before = (
        AuditEvent.objects.count(),
        Action.objects.count(),
        ActionUpdate.objects.count(),
        Evidence.objects.count(),
    )
    build.build()
    assert reviews.load(northbridge(), built()) is None
    # On a later day too: the demo keeps the anchor it was built with.
    build.build(anchor=built() + datetime.timedelta(days=8))
    after = (
        AuditEvent.objects.count(),
        Action.objects.count(),
        ActionUpdate.objects.count(),
        Evidence.objects.count(),
    )
    assert after == before


def test_references_follow_the_story_years(demo: None) -> None:
    numbered: dict[tuple[str, int], list[int]] = {}
    for review in Review.objects.filter(partnership__slug="northbridge"):
        _nb, series, year, number = review.reference.split("-")
        # Numbered in the year the review was noted in the story, not the year of the build.
        assert int(year) == review.created_at.astimezone(LONDON).year, review.reference
        numbered.setdefault((series, int(year)), []).append(int(number))
    assert {series for series, _ in numbered} == {"LCSPR", "SAR", "DHR", "AR", "TTR"}
    for incident in Incident.objects.filter(partnership__slug="northbridge"):
        assert incident.reference.startswith(f"NB-SI-{incident.aware_on.year}-")
    # The counters agree with the numbers given, so the next review is numbered on.
    for (kind, noted), numbers in numbered.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        counter = ReferenceCounter.objects.get(
            partnership__slug="northbridge", series=kind, year=noted
        )
        assert counter.last == len(numbers)


def test_nothing_is_dated_after_the_anchor(demo: None) -> None:
    partnership = northbridge()
    moment = built()
    assert not ActionUpdate.objects.filter(action__partnership=partnership, at__gt=moment).exists()
    assert not Evidence.objects.filter(partnership=partnership, uploaded_at__gt=moment).exists()
    assert not Action.objects.filter(partnership=partnership, created_on__gt=moment.date()).exists()
    for model in (Incident, RapidReview, Review, SarReferral, Subject):
        assert not model.objects.filter(partnership=partnership, created_at__gt=moment).exists()
    assert not Briefing.objects.filter(partnership=partnership, updated_at__gt=moment).exists()
    # Back-dated, not all on the day of the build: subjects over two years before it.
    first = Subject.objects.filter(partnership=partnership).earliest("created_at").created_at
    assert datetime.timedelta(days=600) < moment - first < datetime.timedelta(days=730)
    # The story keeps its days of the week, moved on to the anchor.
    incidents = Incident.objects.filter(partnership=partnership).order_by("aware_on")
    story = sorted(reviews.INCIDENTS, key=lambda spec: spec.aware_on)
    assert [i.aware_on.weekday() for i in incidents] == [s.aware_on.weekday() for s in story]
    weeks = anchor.weeks_after_story(moment)
    assert incidents[0].aware_on == story[0].aware_on + datetime.timedelta(weeks=weeks)


@pytest.mark.django_db(False)
def test_the_story_moves_by_whole_weeks_with_its_years_in_words() -> None:
    newsletter = reviews.NEWSLETTERS[0]
    assert newsletter.title == "Learning from reviews: spring 2026"
    assert reviews.moved(newsletter, 0) == newsletter
    later = reviews.moved(newsletter, 52)
    assert later.issue_date == newsletter.issue_date + datetime.timedelta(weeks=52)
    assert later.title == "Learning from reviews: spring 2027"
    assert reviews.moved(newsletter, 3).title == newsletter.title
    earlier = reviews.moved(reviews.SARS[0], -26)
    assert earlier.received_on == reviews.SARS[0].received_on - datetime.timedelta(weeks=26)
    assert earlier.subject == reviews.SARS[0].subject  # its equality data kept as it is
    # Nothing in the story is dated after its own anchor.
    assert anchor.weeks_after_story(anchor.STORY + datetime.timedelta(days=6)) == 0
    assert anchor.weeks_after_story(anchor.STORY + datetime.timedelta(days=7)) == 1
    assert anchor.weeks_after_story(anchor.STORY - datetime.timedelta(days=1)) == -1


# --- the casework ----------------------------------------------------------------------


def test_one_notification_was_late(demo: None) -> None:
    incidents = Incident.objects.filter(partnership__slug="northbridge")
    late = [
        i for i in incidents if i.notified_panel_on and i.notified_panel_on > i.notification_due_on
    ]
    assert len(late) == 1
    assert late[0].subject.pseudonym == "Child B"


def test_rapid_reviews_decide_every_way_and_one_is_open(demo: None) -> None:
    rapid = RapidReview.objects.filter(partnership__slug="northbridge")
    decisions = Counter(rapid.values_list("decision", flat=True))
    assert decisions == {"lcspr": 3, "no_lcspr": 2, "other_review": 1, "": 1}
    for review in rapid.filter(decision="no_lcspr"):
        assert review.learning
    answered = rapid.exclude(decision="")
    assert all(r.status == RapidReview.Status.PANEL_RESPONDED for r in answered)
    # Summaries from the police, health, the council and education, every time.
    kinds = Counter(
        AgencySummary.objects.filter(partnership__slug="northbridge").values_list(
            "agency__kind", flat=True
        )
    )
    assert kinds["police"] == len(reviews.INCIDENTS)
    assert kinds["local_authority"] == len(reviews.INCIDENTS)


def test_one_agency_summary_is_overdue_at_the_anchor(demo: None) -> None:
    overdue = selectors.overdue_items(northbridge(), today=story_today())
    assert [s.agency.name for s in overdue.agency_summaries] == ["Northbridge Academy"]
    open_review = RapidReview.objects.get(partnership__slug="northbridge", decision="")
    assert open_review.due_on >= story_today()
    submitted = open_review.agency_summaries.filter(status="submitted")
    police = submitted.get(agency__name="Mercia Vale Police")
    assert police.author is not None
    assert police.author.email == POLICE_BOTH


def test_lcsprs_at_every_stage(demo: None) -> None:
    lcsprs = Review.objects.filter(partnership__slug="northbridge", kind="lcspr")
    published = lcsprs.get(status=Review.Status.PUBLISHED)
    assert published.publication_link.startswith("https://www.example.org/")
    assert published.copies.filter(recipient="panel").exists()
    assert published.reviewer is not None
    assert published.conflict_check
    # An inquest delay that ended moved the target on by the days it lasted.
    delay = published.delays.get()
    assert delay.paused_days
    assert published.planned_target_on is not None
    moved = datetime.timedelta(days=delay.paused_days)
    assert published.target_on == published.planned_target_on + moved
    paused = lcsprs.get(status=Review.Status.PAUSED)
    open_delay = paused.delays.get(ended_on__isnull=True)
    assert open_delay.reason == ReviewDelay.Reason.CRIMINAL_PROCEEDINGS
    awaiting = lcsprs.get(status=Review.Status.DRAFT_RECEIVED)
    assert awaiting.signed_off_on is None
    assert awaiting.draft_received_on is not None
    assert awaiting in selectors.sign_off_reviews(
        acting_in_northbridge("james.morgan@northbridge.example")
    )


def test_sar_dhr_alternative_and_table_top(demo: None) -> None:
    referral = SarReferral.objects.get(partnership__slug="northbridge", decision="mandatory")
    assert all(referral.criteria[key] for key in rules.MANDATORY_CRITERIA), (
        "a mandatory SAR ticks all four s44 conditions"
    )
    sar = referral.reviews.get()
    assert sar.kind == "sar"
    assert sar.status == Review.Status.IN_PROGRESS
    # Running past its target: on the overdue dashboard.
    assert sar in selectors.overdue_items(northbridge(), today=story_today()).reviews
    assert SarReferral.objects.filter(partnership__slug="northbridge", decision="").exists()
    dhr = Review.objects.get(partnership__slug="northbridge", kind="dhr")
    assert dhr.owner == "Community safety partnership"
    assert dhr.notified_on
    alternative = Review.objects.get(partnership__slug="northbridge", kind="alternative")
    assert alternative.status == Review.Status.CLOSED_NOT_PUBLISHED
    assert alternative.not_published_reason
    table_top = Review.objects.get(partnership__slug="northbridge", kind="table_top")
    assert table_top.status == Review.Status.SIGNED_OFF
    assert table_top.incident is not None


def test_subjects_have_equality_data_for_the_profile(demo: None) -> None:
    subjects = Subject.objects.filter(partnership__slug="northbridge")
    assert subjects.filter(is_child=True).count() >= 7
    assert subjects.filter(is_child=False).count() >= 3
    assert len(set(subjects.values_list("ethnicity", flat=True))) >= 4
    assert subjects.filter(disability=Subject.Disability.YES).exists()
    tables = {t.key: t for t in selectors.subject_profile(northbridge(), publish=False)}
    assert sum(int(row.cells[0].value or 0) for row in tables["sex"].rows) == subjects.count()


# --- the action plan -----------------------------------------------------------------------


def test_actions_in_every_status_at_the_anchor(demo: None) -> None:
    shown = Counter(a.shown_status(story_today()) for a in actions())
    assert set(shown) == set(action_rules.ActionStatus)
    assert shown[action_rules.ActionStatus.OVERDUE] >= 5
    assert shown[action_rules.ActionStatus.CLOSED] >= 8
    # The action plan's own filters find them, as a person sees them.
    eleanor = acting_in_northbridge(BUSINESS_MANAGER)
    for status in action_rules.ActionStatus:
        assert action_selectors.action_plan(eleanor, status=status, today=story_today()).exists(), (
            status
        )


def test_some_actions_have_drifted(demo: None) -> None:
    cutoff = stale_cutoff(northbridge(), story_today())
    stale = [
        a
        for a in actions()
        if a.status in action_rules.ACTION_OPEN and (a.last_update_on or a.created_on) <= cutoff
    ]
    assert len(stale) >= 4
    # Some of them had an update once, and then nothing.
    assert any(a.last_update_on is not None for a in stale)
    rows = action_selectors.drift_by_agency(
        acting_in_northbridge(BUSINESS_MANAGER), today=story_today()
    )
    assert sum(row.stale for row in rows) == len(stale)


def test_statuses_agree_with_updates_and_evidence(demo: None) -> None:
    for action in Action.objects.filter(partnership__slug="northbridge").annotate(
        accepted=Count("evidence", filter=Q(evidence__accepted_on__isnull=False)),
        files=Count("evidence"),
        versions=Count("updates"),
    ):
        if action.status == "not_started":
            assert action.versions == 0
        if action.status == "completed":
            assert action.files >= 1
            assert action.accepted == 0
        if action.status == "evidenced":
            assert action.accepted >= 1
        if action.status == "closed":
            assert action.closed_on is not None
            assert action.accepted >= 1 or action.closure_reason
        if action.versions:
            latest = action.updates.order_by("-version").first()
            assert latest is not None
            assert action.last_update_on == latest.at.date()
            numbers = list(action.updates.order_by("version").values_list("version", flat=True))
            assert numbers == list(range(1, len(numbers) + 1))
    reasons = Action.objects.filter(partnership__slug="northbridge", status="closed")
    assert reasons.exclude(closure_reason="").filter(evidence__isnull=True).exists()


def test_evidence_files_are_in_the_storage_and_unchanged(demo: None) -> None:
    evidence = Evidence.objects.filter(partnership__slug="northbridge")
    assert evidence.count() >= 15
    assert {e.content_type for e in evidence} == {"application/pdf", "text/plain"}
    for item in evidence:
        assert item.file.name.startswith(f"evidence/{item.partnership_id}/")
        with default_storage.open(item.file.name, "rb") as handle:
            data = handle.read()
        assert len(data) == item.size
        assert hashlib.sha256(data).hexdigest() == item.sha256
        assert files.content_matches(files.extension_of(item.stored_name), data)
        assert item.update is not None
        assert item.update.status == "completed"
    # The case review group accepted what was accepted.
    accepters = {e.accepted_by.email for e in evidence if e.accepted_by is not None}
    assert accepters == {reviews.GROUP}


def test_maya_updates_the_police_actions(demo: None) -> None:
    maya = acting_in_northbridge(POLICE_BOTH)
    hers = action_policies.actions.visible(maya, "update")
    assert hers.count() >= 8
    assert set(hers.values_list("owner_agency__name", flat=True)) == {"Mercia Vale Police"}
    statuses = {a.shown_status(story_today()) for a in hers}
    assert {"overdue", "at_risk", "closed", "evidenced", "completed"} <= set(statuses)
    assert ActionUpdate.objects.filter(author=maya.person, action__in=hers).count() >= 8
    # The plan shows her every action of the partnership; she updates only the police's.
    assert action_policies.actions.visible(maya, "view").count() > hers.count()


# --- learning -----------------------------------------------------------------------------


def test_published_learning_and_one_draft(demo: None) -> None:
    partnership = northbridge()
    briefings = Briefing.objects.filter(partnership=partnership)
    assert briefings.filter(status="published").count() == 4
    assert briefings.filter(status="draft").count() == 1
    assert Newsletter.objects.filter(partnership=partnership, status="published").count() == 2
    national = LibraryItem.objects.filter(partnership=partnership, kind="national_review")
    assert national.count() >= 4
    assert all(item.link.startswith("https://www.example.org/") for item in national)
    # A practitioner's library: the published briefings, newsletters, national reviews
    # and the published LCSPR; never the draft.
    amira = acting_in_northbridge(PRACTITIONER)
    visible = policies.briefings.visible(amira, "view")
    assert visible.count() == 4
    assert not visible.filter(status="draft").exists()
    entries = selectors.learning_library(partnership)
    kinds = Counter(entry.kind for entry in entries)
    assert kinds["briefing"] == 4
    assert kinds["newsletter"] == 2
    assert kinds["published_review"] == 1
    assert "Child G: autistic young people in crisis" not in {e.title for e in entries}
