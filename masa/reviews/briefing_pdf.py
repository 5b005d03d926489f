"""A 7-minute briefing as a one-page A4 PDF (reportlab, built-in Helvetica).

The six sections must fit one page, to print and pin up: the text is set at the largest
size that fits, down to a readable floor (9 point); sections still too long at the floor
are shortened, with a pointer to the full briefing online, and the briefing's page tells
the writer which sections to shorten (`Fitted.too_long`). A draft is marked "Draft" in
its header, with a watermark, and in its title. Page streams are left uncompressed (as
for the training certificates) so the words can be searched and checked.

The document's title (shown by the viewer rather than the file name), author, subject,
keywords and language (en-GB) are set. Open-source reportlab cannot write a structure
tree, so the PDF is not tagged: the briefing's web page is its accessible version, and
the PDF says where to find it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.text import slugify
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer  # type: ignore[import-untyped]

from masa.core.workbooks import xml_text
from masa.reviews.models import Briefing, Publishable

SECTIONS: tuple[tuple[str, str], ...] = (
    ("background", "Background"),
    ("what_happened", "What happened"),
    ("what_we_learned", "What we learned"),
    ("what_to_do_differently", "What to do differently"),
    ("questions_for_reflection", "Questions for reflection"),
    ("further_reading", "Further reading"),
)
# Body text from 11 point down to 9, the smallest that reads comfortably when printed.
LARGEST, SMALLEST, STEP = 11.0, 9.0, 0.5
MARGIN = 15 * mm
BLUE = colors.HexColor("#1d70b8")
BLACK = colors.HexColor("#0b0c0c")
RED = colors.HexColor("#d4351c")
WATERMARK = colors.Color(0.83, 0.21, 0.11, alpha=0.12)


@dataclass(frozen=True)
class Fitted:
    """What was drawn: the body text size, and the sections (by label) that had to be
    shortened to fit one page at the smallest readable size."""

    size: float
    too_long: tuple[str, ...] = ()

    @property
    def shortened(self) -> bool:
        return bool(self.too_long)


def briefing_filename(briefing: Briefing) -> str:
    return f"7-minute-briefing-{slugify(briefing.title)[:80] or briefing.pk}.pdf"


def _markup(text: str) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept."""
    return "<br/>".join(escape(xml_text(line)) for line in text.strip().splitlines())


def _story(
    briefing: Briefing, size: float, limit: int | None
) -> tuple[list[object], tuple[str, ...]]:
    heading = ParagraphStyle(
        "heading",
        fontName="Helvetica-Bold",
        fontSize=size + 2,
        leading=(size + 2) * 1.2,
        textColor=BLUE,
        spaceBefore=size * 0.6,
        spaceAfter=size * 0.2,
    )
    body = ParagraphStyle(
        "body",
        fontName="Helvetica",
        fontSize=size,
        leading=size * 1.25,
        textColor=BLACK,
        alignment=TA_LEFT,
    )
    story: list[object] = []
    shortened: list[str] = []
    for field, label in SECTIONS:
        text = str(getattr(briefing, field) or "").strip()
        if not text:
            continue
        if limit is not None and len(text) > limit:
            text = text[: max(limit - 1, 0)].rstrip() + "…"
            shortened.append(label)
        story.append(Paragraph(escape(label), heading))
        story.append(Paragraph(_markup(text), body))
    if shortened:
        story.append(Spacer(1, size * 0.5))
        story.append(
            Paragraph(
                "<i>Some sections are shortened to fit one page: read the full briefing "
                "in the learning library.</i>",
                body,
            )
        )
    return story, tuple(shortened)


def _height(story: Sequence[object], width: float) -> float:
    total = 0.0
    for flowable in story:
        _, height = flowable.wrap(width, 10_000)  # type: ignore[attr-defined]
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()  # type: ignore[attr-defined]
    return total


def _fit(briefing: Briefing, width: float, height: float) -> tuple[list[object], Fitted]:
    size = LARGEST
    while size >= SMALLEST:
        story, _ = _story(briefing, size, None)
        if _height(story, width) <= height:
            return story, Fitted(size)
        size -= STEP
    # At the smallest size the longest sections are cut down until everything fits.
    limit = max(len(str(getattr(briefing, field) or "")) for field, _ in SECTIONS)
    while limit > 80:
        limit = int(limit * 0.85)
        story, shortened = _story(briefing, SMALLEST, limit)
        if _height(story, width) <= height:
            return story, Fitted(SMALLEST, shortened)
    story, shortened = _story(briefing, SMALLEST, 80)
    return story, Fitted(SMALLEST, shortened)


def fit(briefing: Briefing) -> Fitted:
    """How the briefing fits one page: to warn its writer before anyone prints it."""
    return briefing_pdf(briefing, [theme.name for theme in briefing.themes.all()])[1]


def _watermark(pdf: canvas.Canvas, width: float, height: float) -> None:
    """A large, faint "DRAFT" across the page, under the text."""
    pdf.saveState()
    pdf.setFillColor(WATERMARK)
    pdf.setFont("Helvetica-Bold", 120)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(45)
    pdf.drawCentredString(0, -40, "DRAFT")
    pdf.restoreState()


def briefing_pdf(briefing: Briefing, themes: Sequence[str] = ()) -> tuple[bytes, Fitted]:
    """The briefing on one A4 page, and how it was fitted."""
    buffer = io.BytesIO()
    width, height = A4
    draft = briefing.status != Publishable.PUBLISHED
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0, lang="en-GB")
    pdf.setTitle(f"{'Draft ' if draft else ''}7-minute briefing: {briefing.title}")
    pdf.setAuthor(briefing.partnership.name)
    pdf.setSubject("7-minute briefing: learning from case reviews")
    pdf.setKeywords(", ".join(["7-minute briefing", *themes]))
    pdf.setCreator("MASA")
    pdf.setViewerPreference("DisplayDocTitle", "true")
    if draft:
        _watermark(pdf, width, height)

    top = height - MARGIN
    pdf.setFillColor(BLUE)
    pdf.rect(0, height - 10 * mm, width, 10 * mm, stroke=0, fill=1)
    pdf.setFillColor(BLACK)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(MARGIN, top - 4 * mm, f"{briefing.partnership.name}: 7-minute briefing")
    if draft:
        pdf.setFillColor(RED)
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawRightString(width - MARGIN, top - 4 * mm, "DRAFT: not yet published")
        pdf.setFillColor(BLACK)
    title_style = ParagraphStyle(
        "title", fontName="Helvetica-Bold", fontSize=18, leading=22, textColor=BLACK
    )
    title = Paragraph(_markup(briefing.title), title_style)
    text_width = width - 2 * MARGIN
    _, title_height = title.wrap(text_width, 60 * mm)
    title.drawOn(pdf, MARGIN, top - 8 * mm - title_height)
    y = top - 10 * mm - title_height
    details = []
    if briefing.published_on:
        details.append(f"Published {briefing.published_on:%-d %B %Y}")
    if themes:
        details.append("Themes: " + ", ".join(themes))
    if details:
        pdf.setFont("Helvetica", 9)
        meta = Paragraph(
            escape(xml_text("  |  ".join(details))),
            ParagraphStyle("meta", fontName="Helvetica", fontSize=9, leading=11),
        )
        _, meta_height = meta.wrap(text_width, 30 * mm)
        meta.drawOn(pdf, MARGIN, y - meta_height)
        y -= meta_height + 2 * mm

    footer = 12 * mm
    frame_height = y - footer - MARGIN / 2
    story, fitted = _fit(briefing, text_width - 12, frame_height - 12)
    # KeepInFrame shrinks rather than spill onto a second page: a last guarantee.
    frame = Frame(MARGIN, footer, text_width, frame_height, showBoundary=0)
    frame.addFromList([KeepInFrame(text_width, frame_height, story, mode="shrink")], pdf)

    pdf.setFont("Helvetica", SMALLEST)
    pdf.drawString(
        MARGIN,
        8 * mm,
        f"{briefing.partnership.name}: learning from case reviews. "
        "The full briefing, readable on screen, is in the learning library.",
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue(), fitted
