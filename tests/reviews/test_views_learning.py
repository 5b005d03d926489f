"""Learning outputs through their pages: writing and publishing 7-minute briefings (with
their one-page PDF), newsletters, library items, and searching the learning library."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse

from masa.core.errors import ServiceError
from masa.core.models import AuditEvent
from masa.reviews import briefing_pdf
from masa.reviews.models import Briefing, LibraryItem, Newsletter, Review
from masa.reviews.services import learning as learning_services
from masa.reviews.services import reviews as reviews_services
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")
D = datetime.date
PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def url(name: str, *args: Any) -> str:
    return reverse(f"reviews:{name}", args=args)


def date_parts(name: str, day: D) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def assert_form_error(response: Any, message: str) -> None:
    text = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in text
    assert "There is a problem" in text
    assert message in text


SECTIONS = {
    "title": "Zq Bruising in babies who do not crawl",
    "background": "Zq: a baby of four months was taken to hospital.",
    "what_happened": "Zq: bruising had been seen twice before.",
    "what_we_learned": "Zq: bruising in a baby who does not move about is a warning sign.",
    "what_to_do_differently": "Zq: follow the bruising protocol every time.",
    "questions_for_reflection": "Zq: would you have referred?",
    "further_reading": "Zq: the local bruising protocol",
}


# --- 7-minute briefings ---------------------------------------------------------------------


def test_a_briefing_is_written_as_a_draft_then_published() -> None:
    theme = f.theme()
    review = f.review(status=Review.Status.PUBLISHED)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    assert eleanor.get(url("briefing-new")).status_code == 200
    empty = eleanor.post(url("briefing-new"), {"title": "Zq only a title"})
    assert_form_error(empty, "Say what we learned")
    response = eleanor.post(
        url("briefing-new"), {**SECTIONS, "themes": [theme.pk], "review": review.pk}
    )
    briefing = Briefing.objects.get(title=SECTIONS["title"])
    assert response["Location"] == url("briefing", briefing.pk)
    assert (briefing.status, briefing.review, list(briefing.themes.all())) == (
        "draft",
        review,
        [theme],
    )
    amira = h.signed_in(h.PRACTITIONER)
    assert amira.get(url("briefing", briefing.pk)).status_code == 404
    assert eleanor.post(url("briefing-publish", briefing.pk)).status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == "published"
    page = amira.get(url("briefing", briefing.pk)).content.decode()
    assert SECTIONS["what_we_learned"] in page
    assert review.title in page
    assert url("briefing-edit", briefing.pk) not in page
    again = eleanor.post(url("briefing-publish", briefing.pk), follow=True)
    assert "already published" in again.content.decode()
    assert (
        AuditEvent.objects.filter(verb="briefing.publish", target_id=str(briefing.pk)).count() == 1
    )


def test_a_briefing_is_changed_with_its_answers_kept() -> None:
    briefing = f.briefing()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    form = eleanor.get(url("briefing-edit", briefing.pk)).content.decode()
    assert briefing.title in form
    assert "Zq what we learned" in form
    response = eleanor.post(
        url("briefing-edit", briefing.pk), {**SECTIONS, "title": "Zq A better title"}
    )
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.title == "Zq A better title"


def test_an_unpublished_review_is_not_named_to_practitioners() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS, title="Zq Still-running review")
    briefing = f.briefing(published=True, review=review)
    text = h.signed_in(h.PRACTITIONER).get(url("briefing", briefing.pk)).content.decode()
    assert "Zq Still-running review" not in text
    managers = h.signed_in(h.BUSINESS_MANAGER).get(url("briefing", briefing.pk)).content.decode()
    assert "Zq Still-running review" in managers


def pages(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))


def test_the_briefing_pdf_is_one_a4_page() -> None:
    briefing = f.briefing(published=True, **SECTIONS)
    response = h.signed_in(h.PRACTITIONER).get(url("briefing-pdf", briefing.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="7-minute-briefing-zq-bruising-in-babies-who-do-not-crawl.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert pages(response.content) == 1
    assert re.search(rb"/MediaBox \[ ?0 0 595\.2756 841\.8898 ?\]", response.content)
    assert b"What we learned" in response.content


def longer(times: int) -> dict[str, Any]:
    return {key: (value + " ") * times for key, value in SECTIONS.items() if key != "title"}


def test_a_long_briefing_is_shrunk_then_shortened_to_stay_on_one_page() -> None:
    medium = f.briefing(**longer(15))
    content, fitted = briefing_pdf.briefing_pdf(medium)
    assert pages(content) == 1
    assert fitted.size < briefing_pdf.LARGEST
    assert not fitted.shortened
    huge = f.briefing(**longer(400))
    content, fitted = briefing_pdf.briefing_pdf(huge)
    assert pages(content) == 1
    assert (fitted.size, fitted.shortened) == (briefing_pdf.SMALLEST, True)
    assert b"read the full briefing" in content


TEXT_SIZE = re.compile(rb"/F\d+ ([\d.]+) Tf")
SCALED = re.compile(rb"(?<![\d.])(?!1 0 0 1 )([\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+) cm")


def test_a_long_briefing_never_goes_below_9_point() -> None:
    huge = f.briefing(published=True, **longer(400))
    content, fitted = briefing_pdf.briefing_pdf(huge)
    assert briefing_pdf.SMALLEST == 9
    sizes = {float(size) for size in TEXT_SIZE.findall(content)}
    assert min(sizes) >= 9, sizes
    assert not SCALED.findall(content)  # nothing shrunk by a transform either
    assert fitted.too_long == (
        "Background",
        "What happened",
        "What we learned",
        "What to do differently",
        "Questions for reflection",
        "Further reading",
    )


def test_the_writer_is_told_which_sections_will_not_fit_one_page() -> None:
    long = f.briefing(**{**longer(1), "what_happened": "Zq: a long account. " * 600})
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    for page in (url("briefing", long.pk), url("briefing-edit", long.pk)):
        body = eleanor.get(page).content.decode()
        assert "will not fit one printed page at 9 point" in body, page
        warning = body[body.index('id="briefing-fit"') :]
        warning = warning[: warning.index("</div>")]
        assert "<li>What happened</li>" in warning
        assert "<li>Background</li>" not in warning
    short = f.briefing(published=False, **SECTIONS)
    assert "will not fit" not in eleanor.get(url("briefing", short.pk)).content.decode()


def test_a_drafts_pdf_is_marked_draft_and_a_published_one_is_not() -> None:
    draft = f.briefing(published=False, **SECTIONS)
    content, _ = briefing_pdf.briefing_pdf(draft)
    assert b"(DRAFT: not yet published) Tj" in content
    assert b"(DRAFT) Tj" in content  # the watermark
    assert b"/Title (Draft 7-minute briefing: Zq Bruising" in content
    published = f.briefing(published=True, **SECTIONS)
    content, _ = briefing_pdf.briefing_pdf(published)
    assert b"DRAFT" not in content
    assert b"/Title (7-minute briefing: Zq Bruising" in content


def test_the_pdf_carries_its_title_author_subject_and_language() -> None:
    briefing = f.briefing(published=True, **SECTIONS)
    content = h.signed_in(h.PRACTITIONER).get(url("briefing-pdf", briefing.pk)).content
    assert b"/Lang (en-GB)" in content
    assert b"/Title (7-minute briefing: Zq Bruising in babies who do not crawl)" in content
    assert f"/Author ({briefing.partnership.name})".encode() in content
    assert b"/Subject (7-minute briefing: learning from case reviews)" in content
    assert re.search(rb"/DisplayDocTitle true", content)


def test_markup_in_a_briefing_is_text_in_the_pdf_and_on_the_page() -> None:
    briefing = f.briefing(published=True, what_we_learned="<b>bold</b> & <script>x</script>")
    content, _ = briefing_pdf.briefing_pdf(briefing)
    assert pages(content) == 1
    page = h.signed_in(h.PRACTITIONER).get(url("briefing", briefing.pk)).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;" in page


# --- newsletters -------------------------------------------------------------------------------


def test_a_newsletter_is_written_changed_and_published() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    assert_form_error(
        eleanor.post(url("newsletter-new"), {"title": "Zq June", "body": "Zq"}),
        "Enter the issue date",
    )
    response = eleanor.post(
        url("newsletter-new"),
        {
            "title": "Zq June newsletter",
            "body": "Zq: news",
            **date_parts("issue_date", D(2031, 6, 1)),
        },
    )
    newsletter = Newsletter.objects.get(title="Zq June newsletter")
    assert response["Location"] == url("newsletter", newsletter.pk)
    changed = eleanor.post(
        url("newsletter-edit", newsletter.pk),
        {
            "title": "Zq June newsletter",
            "body": "Zq: more news",
            **date_parts("issue_date", D(2031, 6, 1)),
        },
    )
    assert changed.status_code == 302
    assert eleanor.post(url("newsletter-publish", newsletter.pk)).status_code == 302
    newsletter.refresh_from_db()
    assert (newsletter.body, newsletter.status) == ("Zq: more news", "published")
    assert (
        "Zq: more news"
        in h.signed_in(h.PRACTITIONER).get(url("newsletter", newsletter.pk)).content.decode()
    )


# --- library items and the library ------------------------------------------------------------


def test_a_library_item_is_added_and_changed() -> None:
    theme = f.theme()
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    values = {
        "kind": "national_review",
        "title": "Zq National review of infant deaths",
        "summary": "Zq: what the Panel found",
        "link": "ftp://example.invalid/report.pdf",
        "themes": [theme.pk],
        **date_parts("published_on", D(2031, 2, 1)),
    }
    assert_form_error(eleanor.post(url("library-item-new"), values), "starting https://")
    assert_form_error(
        eleanor.post(url("library-item-new"), {**values, "kind": ""}), "Select what the item is"
    )
    values["link"] = "https://example.invalid/report.pdf"
    assert eleanor.post(url("library-item-new"), values).status_code == 302
    item = LibraryItem.objects.get(title=values["title"])
    assert list(item.themes.all()) == [theme]
    library = eleanor.get(url("library")).content.decode()
    assert url("library-item-edit", item.pk) in library
    changed = eleanor.post(
        url("library-item-edit", item.pk), {**values, "title": "Zq National review, revised"}
    )
    assert changed.status_code == 302
    item.refresh_from_db()
    assert item.title == "Zq National review, revised"


def test_the_library_searches_by_words_theme_and_kind() -> None:
    theme = f.theme()
    briefing = f.briefing(published=True, title="Zq Searchable neglect briefing", themes=[theme])
    item = f.library_item(title="Zq Searchable guidance", kind="guidance", themes=[theme])
    newsletter = f.newsletter(published=True, title="Zq Searchable newsletter")
    amira = h.signed_in(h.PRACTITIONER)

    def found(**query: Any) -> str:
        response = amira.get(url("library"), query)
        assert response.status_code == 200
        return response.content.decode()

    by_words = found(q="Zq Searchable")
    assert briefing.title in by_words
    assert item.title in by_words
    assert newsletter.title in by_words
    assert url("briefing", briefing.pk) in by_words
    assert url("newsletter", newsletter.pk) in by_words
    assert item.link in by_words
    by_theme = found(q="Zq Searchable", theme=theme.pk)
    assert briefing.title in by_theme
    assert item.title in by_theme
    assert newsletter.title not in by_theme
    by_kind = found(q="Zq Searchable", kind="guidance")
    assert item.title in by_kind
    assert briefing.title not in by_kind
    assert_form_error(amira.get(url("library"), {"kind": "secret"}), "Select one of the options")


def test_the_library_finds_a_name_not_any_text_that_starts_like_it() -> None:
    # In the demo, "Ask the child what..." is in Child B's and Child E's briefings: a
    # search for "Child W" found both. Words are whole words, and every one must be there.
    amira = h.signed_in(h.PRACTITIONER)

    def titles(q: str) -> list[str]:
        page = amira.get(url("library"), {"q": q}).content.decode()
        return sorted(set(re.findall(r">(Child [A-Z][^<]*)</a>", page)))

    assert titles("Child W") == []
    assert titles('"Child W"') == []
    child_b = titles("Child B")
    assert child_b
    assert all(title.startswith("Child B") for title in child_b), child_b
    # A quoted phrase: those words together.
    assert titles('"child what"') == [
        "Child B: neglect and missed health appointments",
        "Child E: domestic abuse, interpreting and closing a plan",
    ]
    # Several words: entries with all of them, in any order.
    assert titles("interpreting Child") == [
        "Child E: domestic abuse, interpreting and closing a plan"
    ]


def test_search_terms_keep_phrases_and_drop_edge_punctuation() -> None:
    from masa.reviews.selectors import search_terms

    assert search_terms('"Child  W" neglect, "toolkit') == ["child w", "neglect", "toolkit"]
    assert search_terms("Child D's") == ["child", "d's"]
    assert search_terms(' "" ') == []


def test_an_http_link_is_refused_where_the_hint_says_https() -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    values = {
        "kind": "guidance",
        "title": "Zq Guidance over http",
        "link": "http://example.invalid/guidance.pdf",
        **date_parts("published_on", D(2031, 2, 1)),
    }
    assert_form_error(
        eleanor.post(url("library-item-new"), values),
        "Enter a web address starting https:// (an http:// link is not secure)",
    )
    assert not LibraryItem.objects.filter(title=values["title"]).exists()
    signed = f.review(status=Review.Status.SIGNED_OFF)
    published = eleanor.post(
        url("review-publish", signed.pk),
        {"link": "http://example.invalid/review.pdf", **date_parts("published_on", D(2031, 7, 1))},
    )
    assert_form_error(published, "an http:// link is not secure")
    with pytest.raises(ServiceError, match="https://"):
        learning_services.library_item_save(
            acting=f.manager(),
            kind="guidance",
            title="Zq",
            published_on=D(2031, 2, 1),
            link="http://example.invalid/",
        )
    with pytest.raises(ServiceError, match="https://"):
        reviews_services.review_publish(
            acting=f.manager(),
            review=signed,
            published_on=D(2031, 7, 1),
            link="HTTP://example.invalid/",
        )
