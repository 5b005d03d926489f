"""Small helpers every app's views share: refusing a page, the current membership,
the posted data, and a form page that turns a service's refusal into a form error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from masa.core.forms import GovUKForm
from masa.core.models import Membership
from masa.core.services import ServiceError
from masa.core.types import SignedInRequest


def require(allowed: bool) -> None:
    """A page a person has no permission for is "not there", as for records, so the
    menu and the URLs agree."""
    if not allowed:
        raise Http404("You do not have access to this page.")


def membership_of(request: SignedInRequest) -> Membership:
    """The membership the person is working through now; 404 if they have none."""
    if request.membership is None:
        raise Http404("You are not a member of a partnership.")
    return request.membership


def posted(request: SignedInRequest) -> Any:
    """The POST data for a form, or None on GET (an unbound form shows no errors)."""
    return request.POST if request.method == "POST" else None


def attempt(form: GovUKForm, action: Callable[[], object]) -> bool:
    """Run a service; a refusal becomes an error on its field (or on the whole form)."""
    try:
        action()
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return False
    return True


def form_page(
    request: SignedInRequest, template: str, form: GovUKForm, context: dict[str, Any]
) -> HttpResponse:
    """Render a form page: status 400 and an "Error: " title when the form has errors."""
    return render(
        request,
        template,
        {**context, "form": form, "error_title": bool(form.errors)},
        status=400 if form.errors else 200,
    )
