"""Groups and meetings in a real browser: the business manager arranges a meeting of the
Practice Learning Subgroup, adds an agenda item and a paper and publishes the papers;
its chair records the attendance (the police send a deputy), a decision and an action
for the police; the police officer updates the action in the action plan; the
attendance report shows the meeting. Every page is checked with axe (see conftest)."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.actions.models import Action
from masa.core.models import Notification
from masa.governance.models import Meeting
from tests.browser.conftest import (
    finish,
    follow,
    follow_menu,
    new_page,
    sign_in,
    submit,
    visit,
)

ELEANOR = "eleanor.hughes@northbridge.example"
HARRY = "harry.whitfield@merciavale-probation.example"
MAYA = "maya.singh@merciavale-police.example"
GROUP = "Practice Learning Subgroup"


def _as(browser: Browser, live_server: LiveServer, email: str) -> Page:
    _, page = new_page(browser)
    sign_in(page, live_server, email)
    return page


def test_a_meeting_from_its_papers_to_its_actions_and_the_attendance_report(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    today = timezone.localdate()

    # The business manager arranges a meeting for today, late in the day.
    sign_in(page, live_server, ELEANOR)
    follow_menu(page, "Groups and meetings")
    follow(page, GROUP, within=page.locator("main"))
    follow(page, "Arrange a meeting", within=page.locator("main"))
    page.locator("#id_day_day").fill(str(today.day))
    page.locator("#id_day_month").fill(str(today.month))
    page.locator("#id_day_year").fill(str(today.year))
    page.get_by_label("Start time").fill("23:00")
    page.get_by_label("End time").fill("23:45")
    page.get_by_label("Place (optional if there is a link)").fill("Zq Committee Room 1")
    submit(page, "Arrange the meeting")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Meeting arranged")
    meeting = Meeting.objects.get(group__name=GROUP, place="Zq Committee Room 1")

    # An agenda item, a paper on it, and the papers published to the members.
    follow(page, "Add an agenda item", within=page.locator("main"))
    page.get_by_label("Title").fill("Zq Training evaluation for the year")
    page.get_by_label("Assurance").check()
    submit(page, "Add the item")
    follow(page, "Add a paper", within=page.locator("main"))
    page.get_by_label("Title").fill("Zq Evaluation report")
    page.get_by_label("File").set_input_files(
        {"name": "evaluation.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 zq"}
    )
    submit(page, "Add the paper")
    submit(page, "Publish the papers to members")
    expect(page.locator("main")).to_contain_text(f"Sent to members on {today:%-d %B %Y}")
    assert Notification.objects.filter(
        message="governance/papers_published", address=MAYA, target_id=str(meeting.pk)
    ).exists()
    finish(page)

    # The chair records the attendance: the police send their deputy.
    page = _as(browser, live_server, HARRY)
    visit(page, live_server, f"/governance/meetings/{meeting.pk}/")
    follow(page, "Record attendance", within=page.locator("main"))
    for group in page.locator("main fieldset").all():
        group.get_by_label("Present", exact=True).check()
    police = page.get_by_role("group", name="Maya Singh, Mercia Vale Police")
    police.get_by_label("Sent a deputy").check()
    page.get_by_label("Deputy who attended for Maya Singh").select_option(label="Gwen Trevithick")
    submit(page, "Save the attendance")
    expect(page.locator("main")).to_contain_text("Yes")  # quorate
    meeting.refresh_from_db()
    assert meeting.quorate is True
    assert not meeting.statutory_partner_absent

    # A decision on the item, and an action for the police.
    follow(page, "Record a decision", within=page.locator("main"))
    page.get_by_label("Decision").fill("Zq The evaluation is accepted")
    submit(page, "Record the decision")
    follow(page, "Raise an action", within=page.locator("main"))
    page.get_by_label("Owning agency").select_option(label="Mercia Vale Police")
    page.get_by_label("What will be done").fill("Zq Brief every sergeant on the evaluation")
    page.get_by_label("Measure of success").fill("Zq Every sergeant briefed")
    due = today.replace(year=today.year + 1)
    page.locator("#id_due_on_day").fill(str(due.day))
    page.locator("#id_due_on_month").fill(str(due.month))
    page.locator("#id_due_on_year").fill(str(due.year))
    submit(page, "Raise the action")
    expect(page.locator("main")).to_contain_text("Zq Brief every sergeant")
    action = Action.objects.get(meeting=meeting)
    finish(page)

    # The police officer updates the action in the action plan.
    page = _as(browser, live_server, MAYA)
    visit(page, live_server, f"/actions/{action.pk}/")
    expect(page.locator("main")).to_contain_text(GROUP)
    follow(page, "Update progress or add evidence", within=page.locator("main"))
    page.get_by_label("On track").check()
    page.get_by_label("Progress").fill("Zq Half the sergeants briefed")
    submit(page, "Save the update")
    action.refresh_from_db()
    assert action.status == "on_track"
    finish(page)

    # The attendance report counts the meeting.
    page = _as(browser, live_server, ELEANOR)
    follow_menu(page, "Attendance")
    expect(page.locator("#by-group")).to_contain_text(GROUP)
    expect(page.locator("#by-agency")).to_contain_text("Mercia Vale Police")
    finish(page)
