"""Forms of the audit grades pages: the year shown, and the upload of earlier years'
grades."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from masa.core.forms import GovUKForm

MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_LABEL = "5 MB"


class GradesUploadForm(GovUKForm):
    file = forms.FileField(
        label="Upload a CSV file of grades",
        help_text=(
            "With the header year,quarter,theme,case_reference,grade; the year like 2019-20, "
            "the quarter Q1 to Q4, the grade one of outstanding, good, requires_improvement "
            f"or inadequate. Smaller than {MAX_BYTES_LABEL}."
        ),
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV file")
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_BYTES_LABEL}")
        return upload
