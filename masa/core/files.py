"""Uploaded files, for every app that keeps them (an action's evidence, a review's
documents): the checks (the type by extension AND by the file's first bytes, the size,
a safe name), which are pure functions over bytes and names, so they are cheap to test;
`CheckedFile`, what is kept about a file that passed them; keeping the checked bytes
with their record (`keep_file`); and serving a kept file as an attachment.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils import timezone

from masa.core.errors import ServiceError
from masa.core.models import Person

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    content_type: str
    label: str


ALLOWED: dict[str, FileType] = {
    "pdf": FileType(("pdf",), "application/pdf", "PDF"),
    "docx": FileType(
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    "xlsx": FileType(
        ("xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
    ),
    "pptx": FileType(
        ("pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
    ),
    "png": FileType(("png",), "image/png", "PNG image"),
    "jpg": FileType(("jpg", "jpeg"), "image/jpeg", "JPEG image"),
    "txt": FileType(("txt",), "text/plain", "text file"),
    "csv": FileType(("csv",), "text/csv", "CSV file"),
}
BY_EXTENSION = {ext: key for key, kind in ALLOWED.items() for ext in kind.extensions}
ALLOWED_TEXT = "PDF, Word, Excel, PowerPoint, PNG, JPEG, text or CSV"

# The part inside an Office file's zip that says which kind of document it is.
_OFFICE_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()\-]")
_MAX_NAME = 100


class FileRefused(ValueError):
    """The upload is refused; the message is for the person who sent it."""


def safe_name(original: str) -> str:
    """A name safe to show and to offer as a download: the last path part only (either
    slash), no control characters, no "..", no leading dots or spaces, plain characters,
    at most 100 characters with the extension kept. Never empty."""
    name = unicodedata.normalize("NFKC", original)
    name = _CONTROL.sub("", name)
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE.sub("_", name)
    while ".." in name:
        name = name.replace("..", ".")
    name = name.strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem.strip(" .") or "file"
    if ext:
        stem = stem[: _MAX_NAME - len(ext) - 1]
        return f"{stem}.{ext.lower()}"
    return stem[:_MAX_NAME]


def extension_of(name: str) -> str:
    stem, dot, ext = safe_name(name).rpartition(".")
    return ext.lower() if dot and stem else ""


def _is_office(head: bytes, whole: bytes, kind: str) -> bool:
    if not head.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(whole)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(
        name.startswith(_OFFICE_PART[kind]) for name in names
    )


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def content_matches(kind: str, data: bytes) -> bool:
    """Whether the bytes are what the extension says (magic bytes, or for Office files
    the zip's parts; text must be text)."""
    head = data[:16]
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpg":
        return head.startswith(b"\xff\xd8\xff")
    if kind in _OFFICE_PART:
        return _is_office(head, data, kind)
    if kind in ("txt", "csv"):
        return _is_text(data)
    return False


@dataclass(frozen=True)
class Checked:
    stored_name: str
    content_type: str
    size: int
    sha256: str
    data: bytes = field(repr=False)


def check_upload(original_name: str, chunks: Iterable[bytes], *, max_bytes: int) -> Checked:
    """Check an upload; raise `FileRefused` with a message for the person, else return
    its safe name, type, size, SHA-256 and content. Reading stops once it is too big."""
    name = safe_name(original_name)
    kind = BY_EXTENSION.get(extension_of(original_name))
    if kind is None:
        raise FileRefused(f"The file must be a {ALLOWED_TEXT}")
    buffer = bytearray()
    for chunk in chunks:
        buffer.extend(chunk)
        if len(buffer) > max_bytes:
            raise FileRefused(f"The file must be smaller than {size_label(max_bytes)}")
    data = bytes(buffer)
    if not data:
        raise FileRefused("The file is empty")
    if not content_matches(kind, data):
        raise FileRefused(
            f"The file is not a real {ALLOWED[kind].label}: its contents do not match its name"
        )
    return Checked(
        stored_name=name,
        content_type=ALLOWED[kind].content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def size_label(size: int) -> str:
    """A size limit in words ("10 MB", "512 KB")."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB"


# --- what is kept, and how ---------------------------------------------------------------


class CheckedFile(models.Model):
    """What is kept about an uploaded file that passed `check_upload`: its name as
    sent and made safe, its checked type, size and SHA-256, and who sent it when."""

    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=120, help_text="The name, made safe.")
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class KeptFile(Protocol):
    """A `CheckedFile` record with its `file` field."""

    file: FieldFile
    stored_name: str
    content_type: str

    def save(self, *args: Any, **kwargs: Any) -> None: ...


def checked_upload(name: str, chunks: Iterable[bytes]) -> Checked:
    """The upload read and checked (type by name and content, size against
    EVIDENCE_MAX_BYTES, safe name); a refusal is a `ServiceError` on the file field."""
    try:
        return check_upload(name, chunks, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except FileRefused as error:
        raise ServiceError(str(error), field="file") from error


def file_fields(actor: Person, name: str, checked: Checked) -> dict[str, Any]:
    """The `CheckedFile` fields of a checked upload."""
    return {
        "original_name": name[:255],
        "stored_name": checked.stored_name,
        "content_type": checked.content_type,
        "size": checked.size,
        "sha256": checked.sha256,
        "uploaded_by": actor,
    }


def keep_file(
    record: KeptFile,
    path: str,
    checked: Checked,
    write_audit: Callable[[dict[str, Any]], object],
) -> None:
    """Store the checked bytes under `path`, save the record and its audit event. If
    the record cannot be written the file is deleted: nothing is left on disk that the
    database does not know."""
    stored = default_storage.save(path, ContentFile(checked.data))
    try:
        record.file.name = stored
        record.save()
        write_audit(
            {
                "file": {"old": None, "new": checked.stored_name},
                "size": {"old": None, "new": checked.size},
                "sha256": {"old": None, "new": checked.sha256},
            }
        )
    except Exception:
        default_storage.delete(stored)
        raise


def attachment(record: KeptFile) -> FileResponse:
    """A stored, checked file as an attachment under its safe name, with its checked
    type, no sniffing, no caching and a sandboxing CSP."""
    try:
        handle = record.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=record.stored_name,
        content_type=record.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
