"""The browser checks themselves: a broken check would pass every page quietly."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    AccessibilityViolations,
    assert_no_problems,
    axe_check,
    check,
    finish,
    new_page,
)

ADDRESS = "http://harness.test/page"
CSP = "default-src 'self'; img-src data:; script-src 'self'"
BAD_PAGE = """<!DOCTYPE html><html><head><title>Harness</title></head><body>
<main><h1>Harness</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>
<script>document.title = 'inline ran'</script></body></html>"""
GOOD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Harness</title></head>
<body><main><h1>Harness</h1><p>Nothing wrong here.</p></main></body></html>"""


def serve(page, html: str, address: str = ADDRESS) -> None:
    page.route(
        address,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": CSP},
            body=html,
        ),
    )


def test_checks_catch_axe_violations_csp_violations_and_unchecked_pages(browser):
    context, page = new_page(browser)
    try:
        serve(page, BAD_PAGE)
        page.goto(ADDRESS)
        page.wait_for_load_state("load")
        # Our listener's report, or Chromium's own console error for the same violation
        # (newer Chromium logs it, and not always before the page has loaded): either
        # fails the page. Console messages arrive asynchronously, so wait for one.
        blocked = r"CSP violation: script-src|Content Security Policy directive 'script-src"
        reported = ""
        for _ in range(50):
            try:
                assert_no_problems(page)
            except AssertionError as problem:
                reported = str(problem)
                break
            page.wait_for_timeout(100)
        assert re.search(blocked, reported), reported or "the CSP violation was never reported"
        with pytest.raises(AccessibilityViolations) as axe_failure:
            axe_check(page)
        message = str(axe_failure.value)
        assert "html-has-lang" in message
        assert "image-alt" in message
        with pytest.raises(AssertionError, match="never checked"):
            finish(page)
    finally:
        context.close()


def test_checks_work_without_javascript(browser):
    context, page = new_page(browser, javascript=False)
    try:
        serve(page, BAD_PAGE, ADDRESS + "/bad")
        serve(page, GOOD_PAGE, ADDRESS + "/good")
        page.goto(ADDRESS + "/bad")
        with pytest.raises(AccessibilityViolations, match="image-alt"):
            check(page)
        page.goto(ADDRESS + "/good")
        check(page)
        with pytest.raises(AssertionError, match="never checked") as unchecked:
            finish(page)
        assert "/bad" in str(unchecked.value)
        assert "/good" not in str(unchecked.value)
    finally:
        context.close()
