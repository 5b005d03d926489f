"""At 375 pixels wide (a phone) nothing makes the page scroll sideways: a wide table
scrolls inside its own labelled box, and the business manager's menu is short."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import finish, sign_in, visit, watch

ELEANOR = "eleanor.hughes@northbridge.example"
WIDTH = 375


def _narrow(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    watch(page, javascript=True)
    return page


def _page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_wide_tables_scroll_in_their_box_at_375_pixels(
    browser: Browser, live_server: LiveServer, demo: None
) -> None:
    page = _narrow(browser)
    try:
        sign_in(page, live_server, ELEANOR)
        for url in ("/action-plan/", "/training/reports/", "/audit/"):
            visit(page, live_server, url)
            assert _page_width(page) <= WIDTH, url
            box = page.locator(".masa-table-scroll").first
            expect(box).to_have_attribute("role", "region")
            expect(box).to_have_attribute("tabindex", "0")
        # The menu: a few entries, not fifteen.
        links = page.get_by_role("navigation", name="Menu").get_by_role("link")
        assert links.count() <= 6
        finish(page)
    finally:
        page.context.close()
