"""Evidence files: type by name AND content, size, and safe names."""

from __future__ import annotations

import pytest

from masa.core import files
from tests.reviews.factories import JPEG, PDF, PNG, office

LIMIT = 1024


def check(name: str, data: bytes, limit: int = LIMIT) -> files.Checked:
    return files.check_upload(name, [data], max_bytes=limit)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("plan.docx", office("docx"), files.ALLOWED["docx"].content_type),
        ("figures.xlsx", office("xlsx"), files.ALLOWED["xlsx"].content_type),
        ("slides.pptx", office("pptx"), files.ALLOWED["pptx"].content_type),
        ("notes.txt", "Briefed 40 officers – all shifts".encode(), "text/plain"),
        ("register.csv", b"name,date\nA,2031-01-01\n", "text/csv"),
    ],
)
def test_allowed_types_pass(name: str, data: bytes, content_type: str) -> None:
    checked = check(name, data)
    assert checked.content_type == content_type
    assert checked.size == len(data)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", PNG),  # a picture called a PDF
        ("photo.png", PDF),
        ("photo.jpg", PNG),
        ("plan.docx", PDF),
        ("plan.docx", office("xlsx")),  # a spreadsheet called a Word document
        ("plan.docx", b"PK\x03\x04not really a zip"),
        ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00"),  # a Windows program
        ("register.csv", b"a,b\x00c"),
    ],
)
def test_wrong_content_for_the_name_is_refused(name: str, data: bytes) -> None:
    with pytest.raises(files.FileRefused, match="contents do not match"):
        check(name, data)


@pytest.mark.parametrize(
    "name", ["virus.exe", "page.html", "script.js", "archive.zip", "noextension", "report.pdf.exe"]
)
def test_other_types_are_refused(name: str) -> None:
    with pytest.raises(files.FileRefused, match="must be a PDF"):
        check(name, PDF)


def test_oversized_files_are_refused_while_reading() -> None:
    chunks_read = []

    def chunks() -> object:
        for _ in range(100):
            chunks_read.append(1)
            yield PDF + b"x" * 512

    with pytest.raises(files.FileRefused, match="smaller than 1 KB"):
        files.check_upload("big.pdf", chunks(), max_bytes=LIMIT)  # type: ignore[arg-type]
    assert len(chunks_read) < 5  # stopped as soon as it was too big
    assert check("exact.pdf", PDF + b"x" * (LIMIT - len(PDF))).size == LIMIT


def test_empty_files_are_refused() -> None:
    with pytest.raises(files.FileRefused, match="empty"):
        check("empty.pdf", b"")


@pytest.mark.parametrize(
    ("original", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\x.pdf", "x.pdf"),
        ("C:\\Users\\me\\Desktop\\evidence.pdf", "evidence.pdf"),
        ("/var/lib/masa/files/evidence/1/abc.pdf", "abc.pdf"),
        ("report\x00.pdf", "report.pdf"),
        ("re\nport\r\t.pdf", "report.pdf"),
        ("\x1b[31mred.pdf", "_31mred.pdf"),
        (".htaccess", "htaccess"),
        ("...pdf", "pdf"),
        ("a..b..pdf", "a.b.pdf"),
        ("my report (final).PDF", "my report (final).pdf"),
        ("résumé.pdf", "r_sum_.pdf"),
        ("", "file"),
        ("../", "file"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_names_are_made_safe(original: str, safe: str) -> None:
    assert files.safe_name(original) == safe


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "x.pdf/../../.bashrc"])
def test_path_tricks_never_reach_an_allowed_type(name: str) -> None:
    with pytest.raises(files.FileRefused):
        check(name, PDF)


def test_a_path_trick_with_a_real_pdf_keeps_only_the_base_name() -> None:
    checked = check("..\\..\\x.pdf", PDF)
    assert checked.stored_name == "x.pdf"
