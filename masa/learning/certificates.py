"""Certificates of attendance as PDF (reportlab, built-in Helvetica: no fonts to fetch).

Page streams are left uncompressed so the text can be checked, and searched by the
learner's own tools; a certificate is one page and small either way."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.text import slugify
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from masa.learning.models import Booking

LEVELS = {1: "Level 1", 2: "Level 2", 3: "Level 3", 4: "Level 4"}


def certificate_number(booking: Booking) -> str:
    """A stable number: the partnership's code, TC (training certificate), the year of
    the event and the booking number."""
    partnership = booking.partnership
    prefix = partnership.code or partnership.slug[:2].upper() or "MASA"
    year = timezone.localtime(booking.event.starts_at).year
    return f"{prefix}-TC-{year}-{booking.pk:06d}"


def certificate_filename(booking: Booking) -> str:
    course = slugify(booking.event.course.title)[:60] or "course"
    name = slugify(booking.learner.full_name or booking.learner.email.split("@")[0])[:60]
    return f"certificate-{course}-{name or 'learner'}.pdf"


def duration_words(minutes: int) -> str:
    """Minutes as words: "3 hours", "1 hour 30 minutes", "45 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def certificate_pdf(booking: Booking) -> bytes:
    """The certificate for a booking as PDF bytes. The caller checks it is released."""
    event, course = booking.event, booking.event.course
    learner_name = booking.learner.full_name or booking.learner.email
    starts = timezone.localtime(event.starts_at)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=0)
    pdf.setTitle(f"Certificate: {course.title}, {learner_name}")
    pdf.setAuthor(booking.partnership.name)
    pdf.setSubject("Certificate of attendance")

    pdf.setStrokeColor(colors.HexColor("#1d70b8"))
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    centre = width / 2
    y = height - 45 * mm
    pdf.setFillColor(colors.HexColor("#0b0c0c"))
    pdf.setFont("Helvetica", 16)
    pdf.drawCentredString(centre, y, booking.partnership.name)
    y -= 20 * mm
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawCentredString(centre, y, "Certificate of attendance")
    y -= 18 * mm
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(centre, y, "This is to certify that")
    y -= 14 * mm
    pdf.setFont("Helvetica-Bold", 24)
    pdf.drawCentredString(centre, y, learner_name)
    y -= 14 * mm
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(centre, y, "attended the course")
    y -= 12 * mm
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawCentredString(centre, y, course.title)
    y -= 14 * mm
    pdf.setFont("Helvetica", 13)
    details = (
        f"{LEVELS.get(course.level, f'Level {course.level}')}  |  "
        f"{starts:%-d %B %Y}  |  {duration_words(course.duration_minutes)}"
    )
    pdf.drawCentredString(centre, y, details)

    pdf.setFont("Helvetica", 10)
    pdf.drawString(20 * mm, 20 * mm, f"Certificate number: {certificate_number(booking)}")
    pdf.drawRightString(width - 20 * mm, 20 * mm, f"Issued by {booking.partnership.name}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
