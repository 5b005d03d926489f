"""Case reviews in a real browser: the business unit notifies a serious incident, records
the Panel notification and opens the rapid review; the police write their agency summary;
the group meets, decides on an LCSPR, commissions a reviewer and adds a finding, a
recommendation and an action for the police; the police's action owner updates it and
uploads evidence; the business manager accepts the evidence and closes the action. On the
way: the police officer is refused the case review pages, the action plan is filtered,
and a practitioner reads the learning library and a briefing. Every page is checked with
axe (see conftest)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import Browser, FilePayload, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.actions.models import Action, Evidence
from masa.demo.reviews import evidence_pdf
from masa.reviews.models import AgencySummary, Incident, Review
from tests.browser.conftest import (
    check,
    finish,
    follow,
    follow_menu,
    new_page,
    sign_in,
    submit,
    visit,
)

DEV = "dev.patel@northbridge.example"  # business unit officer: runs the casework
ELEANOR = "eleanor.hughes@northbridge.example"  # business manager: signs actions off
MAYA = "maya.singh@merciavale-police.example"  # police: summaries and actions
AMIRA = "amira.khan@northbridge-academy.example"  # a practitioner
CHILD = "Child Zq"
ACTION = "Zq: brief every response officer on sharing worries about neglect with the school"


def _as(browser: Browser, live_server: LiveServer, email: str) -> Page:
    _, page = new_page(browser)
    sign_in(page, live_server, email)
    return page


def _menu(page: Page, item: str) -> None:
    follow_menu(page, item)


def _choose(scope: Page | Locator, label: str) -> None:
    """Tick a GOV.UK radio or checkbox as a person does: by clicking its label (the small
    ones' labels cover the input)."""
    box = scope.get_by_label(label, exact=True)
    scope.locator(f"label[for='{box.get_attribute('id')}']").click()
    expect(box).to_be_checked()


def _date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_incident_to_lcspr_action_evidence_and_sign_off(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    today = timezone.localdate()

    # --- the business unit notifies the incident and opens the rapid review -----------
    sign_in(page, live_server, DEV)
    _menu(page, "Case reviews")
    follow(page, "Notify a serious incident")
    page.get_by_label("Pseudonym").fill(CHILD)
    _choose(page, "5 to 9")
    _choose(page, "Female")
    page.get_by_label("Ethnicity").select_option(label="White British")
    _choose(page, "Not disabled")
    _date(page, "When did the local authority become aware?", today)
    _choose(page.get_by_role("group", name="Was the child looked after?"), "No")
    page.get_by_label("What happened").fill(
        "A 7-year-old was found alone at home, hungry and unwell; neglect is suspected."
    )
    _choose(page, "Neglect")
    submit(page, "Record the incident")
    incident = Incident.objects.get(subject__pseudonym=CHILD)
    expect(page.locator("main")).to_contain_text(incident.reference)

    follow(page, "Record notifications sent")
    _date(page, "Child Safeguarding Practice Review Panel notified on", today)
    _date(page, "Safeguarding partners told on", today)
    submit(page, "Save the dates")
    submit(page, "Open the rapid review")
    rapid_path = urlsplit(page.url).path
    follow(page, "Ask agencies for summaries")
    _choose(page, "Mercia Vale Police")
    submit(page, "Ask for the summaries")
    expect(page.locator("main")).to_contain_text("Mercia Vale Police")

    # --- the police write their summary, and see nothing else of the case -------------
    maya = _as(browser, live_server, MAYA)
    _menu(maya, "Agency summaries")
    expect(maya.locator("main")).not_to_contain_text("Northbridge Hospitals NHS Trust")
    follow(maya, incident.reference)
    expect(maya.locator("main")).not_to_contain_text(CHILD)
    maya.get_by_label("Your agency's involvement").fill(
        "One call to the address last month: a neighbour heard a child crying for hours."
    )
    maya.get_by_label("Analysis of the practice").fill(
        "Officers attended but did not see the child; no referral to the MASH was made."
    )
    submit(maya, "Send the summary")
    summary = AgencySummary.objects.get(rapid_review__incident=incident)
    assert summary.status == "submitted"
    assert summary.author is not None
    assert summary.author.email == MAYA
    # A review document she was not given is not there for her (404).
    visit(maya, live_server, rapid_path, status=404)
    visit(maya, live_server, f"/reviews/incidents/{incident.pk}/", status=404)

    # --- the group meets, decides on an LCSPR and commissions the reviewer -------------
    visit(page, live_server, rapid_path)
    follow(page, "Record the meeting")
    _date(page, "Date of the rapid review meeting", today)
    submit(page, "Save the date")
    follow(page, "Record the decision")
    _choose(page, "Local child safeguarding practice review")
    page.get_by_label("Reasons for the decision").fill(
        "Serious harm with neglect suspected and questions for the police and the school."
    )
    page.get_by_label("Title of the LCSPR (optional)").fill("LCSPR: Child Zq, neglect")
    submit(page, "Record the decision")
    follow(page, "LCSPR: Child Zq, neglect", exact=False)
    review = Review.objects.get(incident=incident)
    follow(page, "Commission the reviewer")
    _choose(page, "Helen Marsh, Marsh Safeguarding Reviews")
    page.get_by_label("Conflict of interest check").fill(
        "Checked against the police, the school and the council: no conflict declared."
    )
    _choose(page, "The reviewer has no conflict of interest with the agencies or people involved")
    submit(page, "Commission the reviewer")
    expect(page.locator("main")).to_contain_text("Helen Marsh")

    # --- a finding, a recommendation and an action for the police -----------------------
    follow(page, "Findings, recommendations and actions")
    follow(page, "Add a finding")
    page.get_by_label("Finding", exact=True).fill(
        "Officers who attended did not see the child or tell the school."
    )
    _choose(page, "Neglect")
    submit(page, "Add the finding")
    follow(page, "Add a recommendation")
    page.get_by_label("Recommendation", exact=True).fill(
        "The police should see every child at a call about neglect and tell the school."
    )
    page.get_by_label("Which finding does it answer? (optional)").select_option(index=1)
    _choose(page, "Neglect")
    _choose(page, "A survey")
    page.get_by_label("Impact measure").fill("Survey of designated safeguarding leads")
    submit(page, "Add the recommendation")
    follow(page, "Add an action to recommendation 1")
    page.get_by_label("Owning agency").select_option(label="Mercia Vale Police")
    page.get_by_label("Named owner (optional)").select_option(
        label="Maya Singh, Mercia Vale Police"
    )
    page.get_by_label("What will be done").fill(ACTION)
    page.get_by_label("Measure of success").fill("Every response officer briefed")
    _date(page, "Due date", today + datetime.timedelta(days=90))
    submit(page, "Add the action")
    action = Action.objects.get(recommendation__review=review)
    assert action.owner is not None
    assert action.owner.email == MAYA

    # --- the police's action owner finds it in the plan, updates it, adds evidence -----
    _menu(maya, "Action plan")
    maya.get_by_label("Theme", exact=True).select_option(label="Neglect")
    maya.get_by_label("Agency", exact=True).select_option(label="Mercia Vale Police")
    submit(maya, "Filter the plan")
    follow(maya, ACTION, exact=False)
    follow(maya, "Update progress or add evidence")
    _choose(maya, "On track")
    maya.get_by_label("Progress").fill("The briefing is written; sessions booked for each shift.")
    submit(maya, "Save the update")
    follow(maya, "Update progress or add evidence")
    _choose(maya, "Completed")
    maya.get_by_label("Progress").fill("Every response officer was briefed; the register is here.")
    pdf = evidence_pdf("Briefing register", ["Response officers briefed: 64 of 64"])
    upload: FilePayload = {
        "name": "briefing register.pdf",
        "mimeType": "application/pdf",
        "buffer": pdf,
    }
    maya.get_by_label("Upload evidence (optional)").set_input_files(files=[upload])
    submit(maya, "Save the update")
    expect(maya.locator("main")).to_contain_text("briefing register.pdf")
    evidence = Evidence.objects.get(action=action)
    assert evidence.size == len(pdf)
    assert evidence.accepted_on is None

    # --- the business manager accepts the evidence and closes the action ---------------
    eleanor = _as(browser, live_server, ELEANOR)
    visit(eleanor, live_server, f"/actions/{action.pk}/")
    submit(eleanor, f"Accept {evidence.stored_name}")
    follow(eleanor, "Close the action")
    submit(eleanor, "Close the action")
    expect(eleanor.locator("main")).to_contain_text("Closed")
    action.refresh_from_db()
    evidence.refresh_from_db()
    assert action.status == "closed"
    assert evidence.accepted_on is not None
    assert action.updates.count() == 2

    # The combined action plan, filtered: the closed action is there for the group.
    _menu(eleanor, "Action plan")
    eleanor.get_by_label("Status", exact=True).select_option(label="Closed")
    eleanor.get_by_label("Agency", exact=True).select_option(label="Mercia Vale Police")
    submit(eleanor, "Filter the plan")
    expect(eleanor.locator("main")).to_contain_text(ACTION)

    # --- a practitioner reads the learning: the library and a briefing -----------------
    amira = _as(browser, live_server, AMIRA)
    _menu(amira, "Learning library")
    expect(amira.locator("main")).not_to_contain_text("Child G: autistic young people")
    follow(amira, "Child A: bruising in babies who are not yet mobile")
    expect(amira.get_by_role("heading", level=1)).to_contain_text("Child A: bruising")
    check(amira)
    # Case review pages are not hers.
    visit(amira, live_server, "/reviews/", status=404)
    for other in (maya, eleanor, amira):
        finish(other)


def test_a_future_date_is_refused_and_a_recorded_date_is_corrected_with_a_reason(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    aware = today - datetime.timedelta(days=3)
    sign_in(page, live_server, DEV)
    _menu(page, "Case reviews")
    follow(page, "Notify a serious incident")
    page.get_by_label("Pseudonym").fill("Child Zq-dates")
    _choose(page, "1 to 4")
    _choose(page, "Male")
    page.get_by_label("Ethnicity").select_option(label="White British")
    _choose(page, "Not disabled")
    _date(page, "When did the local authority become aware?", tomorrow)
    _choose(page.get_by_role("group", name="Was the child looked after?"), "No")
    page.get_by_label("What happened").fill("A toddler was admitted with a head injury.")
    submit(page, "Record the incident", status=400)
    summary = page.locator(".govuk-error-summary")
    message = "Date the local authority became aware must be today or in the past"
    expect(summary).to_contain_text(message)
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_aware_on")
    # What was typed is kept; only the date is put right.
    expect(page.get_by_label("What happened")).to_have_value(
        "A toddler was admitted with a head injury."
    )
    _date(page, "When did the local authority become aware?", aware)
    submit(page, "Record the incident")
    incident = Incident.objects.get(subject__pseudonym="Child Zq-dates")

    # A Panel notification on a day not yet reached is refused too.
    follow(page, "Record notifications sent")
    _date(page, "Child Safeguarding Practice Review Panel notified on", tomorrow)
    submit(page, "Save the dates", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Panel date must be today or in the past"
    )
    _date(page, "Child Safeguarding Practice Review Panel notified on", today)
    submit(page, "Save the dates")

    # The awareness date was a day out: it is corrected, with the reason, and kept.
    follow(page, "Correct a recorded date")
    submit(page, "Correct the date", status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the date to correct")
    _choose(page, f"Local authority aware: {aware.day} {aware:%B %Y}")
    earlier = aware - datetime.timedelta(days=1)
    _date(page, "The correct date", earlier)
    page.get_by_label("Why is it being corrected?").fill(
        "The council's duty desk heard of it the evening before."
    )
    submit(page, "Correct the date")
    main = page.locator("main")
    expect(main).to_contain_text("The date is corrected")
    expect(main).to_contain_text("Corrected dates")
    expect(main).to_contain_text("The council's duty desk heard of it the evening before.")
    expect(main).to_contain_text(f"{aware.day} {aware:%B %Y}")
    incident.refresh_from_db()
    assert incident.aware_on == earlier
    assert incident.date_corrections.get().old_on == aware


def test_a_date_recorded_on_a_review_is_corrected_in_order_with_a_reason(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    review = (
        Review.objects.filter(
            partnership__slug="northbridge",
            started_on__isnull=False,
            draft_received_on__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    assert review is not None
    assert review.started_on is not None
    old = review.draft_received_on
    assert old is not None
    sign_in(page, live_server, DEV)
    visit(page, live_server, f"/reviews/{review.pk}/")
    follow(page, "Correct a recorded date")
    label = f"Draft report received: {old.day} {old:%B %Y}"
    # A draft cannot arrive before the review started.
    _choose(page, label)
    _date(page, "The correct date", review.started_on - datetime.timedelta(days=1))
    page.get_by_label("Why is it being corrected?").fill("Zq: typed wrongly")
    submit(page, "Correct the date", status=400)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The date cannot be before the start of the review date")
    new = review.started_on + datetime.timedelta(days=1)
    if new == old:
        new = review.started_on
    _choose(page, label)
    _date(page, "The correct date", new)
    page.get_by_label("Why is it being corrected?").fill("Zq: the reviewer's email came first")
    submit(page, "Correct the date")
    main = page.locator("main")
    expect(main).to_contain_text("The date is corrected")
    expect(main).to_contain_text("Corrected dates")
    expect(main).to_contain_text("Zq: the reviewer's email came first")
    review.refresh_from_db()
    assert review.draft_received_on == new
    assert review.date_corrections.get().old_on == old
