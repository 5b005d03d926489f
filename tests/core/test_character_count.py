"""Every text box with a limit shows the GOV.UK character count: the limit is said
before it is reached (without JavaScript too), typing past it is not cut off in
silence, and the server refuses too much text with a clear message."""

from __future__ import annotations

from django import forms

from masa.core.forms import GovUKForm


class NotesForm(GovUKForm):
    notes = forms.CharField(
        label="Notes",
        help_text="What happened.",
        max_length=10_000,
        widget=forms.Textarea,
        error_messages={"max_length": "Notes must be 10,000 characters or fewer"},
    )
    name = forms.CharField(label="Name", max_length=100)


def test_a_text_box_with_a_limit_shows_the_character_count() -> None:
    html = str(NotesForm()["notes"].as_field_group())
    assert 'class="govuk-form-group govuk-character-count"' in html
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxlength="10000"' in html
    assert "govuk-js-character-count" in html
    assert 'id="id_notes-info"' in html
    assert "You can enter up to 10,000 characters" in html
    assert 'aria-describedby="id_notes-info id_notes-hint"' in html
    assert "maxlength" not in html.replace("data-maxlength", "")


def test_too_much_text_is_refused_with_the_count_still_shown() -> None:
    form = NotesForm({"notes": "x" * 10_001, "name": "A"})
    assert not form.is_valid()
    assert form.errors["notes"] == ["Notes must be 10,000 characters or fewer"]
    html = str(form["notes"].as_field_group())
    assert 'aria-describedby="id_notes-info id_notes-hint id_notes-error"' in html
    assert "You can enter up to 10,000 characters" in html


def test_a_one_line_box_keeps_its_limit_and_has_no_count() -> None:
    html = str(NotesForm()["name"].as_field_group())
    assert 'maxlength="100"' in html
    assert "character-count" not in html
