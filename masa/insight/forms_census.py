"""The form for uploading a Children in Need census file."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from masa.core.forms import GovUKForm

MAX_BYTES = 200 * 1024 * 1024
"""The largest census file the upload page takes (an area with 80,000 children in need
sends about 95 MB). Larger files: `manage.py cin_import`."""
MAX_BYTES_LABEL = "200 MB"


class CensusUploadForm(GovUKForm):
    """A census XML file. Only its name and size are checked here: the import reads it."""

    file = forms.FileField(
        label="Upload a census file",
        help_text=f"The CIN census XML file for the DfE, smaller than {MAX_BYTES_LABEL}.",
        error_messages={
            "required": "Select a CIN census XML file",
            "empty": "The selected file is empty",
            "invalid": "Select a CIN census XML file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,text/xml,application/xml"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith(".xml"):
            raise forms.ValidationError("The selected file must be an XML file")
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_BYTES_LABEL}")
        return upload
