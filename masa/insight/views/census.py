"""The Children in Need census pages: the years imported, uploading a file, and one
import's result with the records it refused.

Censuses are seen by people with `data_return.manage`, or `data_return.view` at
partnership scope (an agency data lead cannot see them: the census holds child-level
records); uploading needs `data_return.manage`. The import runs in the request, then
the page of the census shows how it went. The children an import refused are listed
only to someone signed in with a security code (two-factor), and every such view is
audited; anyone else who may see the census sees its counts.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import audit, pages
from masa.core.errors import ServiceError
from masa.core.models import Scope
from masa.core.policies import get_visible_or_404, is_verified
from masa.core.types import SignedInRequest
from masa.insight.cin.importer import census_import
from masa.insight.forms_census import CensusUploadForm
from masa.insight.models import CinCensus
from masa.insight.policies import censuses

PROBLEMS_PER_PAGE = 50


def _action(request: SignedInRequest) -> str | None:
    """The census action this person may see censuses through, if any."""
    for action in ("manage", "view"):
        if censuses.scope(request.user, action) == Scope.PARTNERSHIP:
            return action
    return None


def _visible(request: SignedInRequest) -> tuple[str, QuerySet[CinCensus]]:
    action = _action(request)
    pages.require(action is not None)
    assert action is not None
    return action, censuses.visible(request.user, action)


@login_required
@require_GET
def census_list(request: SignedInRequest) -> HttpResponse:
    _, records = _visible(request)
    return render(
        request,
        "insight/census/list.html",
        {
            "censuses": records.select_related("imported_by"),
            "can_upload": censuses.can(request.user, "manage"),
            "page_title": "Children in Need census",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def census_upload(request: SignedInRequest) -> HttpResponse:
    pages.require(censuses.scope(request.user, "manage") == Scope.PARTNERSHIP)
    membership = pages.membership_of(request)
    form = CensusUploadForm(pages.posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            census = census_import(
                actor=request.user,
                partnership=membership.partnership,
                source=upload,
                file_name=upload.name or "census.xml",
            )
        except ServiceError as error:
            form.add_error("file", str(error))
        else:
            if census.status == CinCensus.Status.COMPLETE:
                messages.success(request, f"{census} imported: {census.children:,} children.")
            else:
                messages.error(request, f"{census} was not imported: the file was refused.")
            return redirect("insight:census", pk=census.pk)
    return pages.form_page(
        request,
        "insight/census/upload.html",
        form,
        {"page_title": "Upload a Children in Need census"},
    )


@login_required
@require_GET
def census_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    action = _action(request)
    pages.require(action is not None)
    assert action is not None
    census = get_visible_or_404(censuses, request.user, action, pk=pk)
    # The children refused (LA child IDs, lines, dates of birth) are identifiable: shown
    # only to someone who signed in with a security code, and each view is audited.
    # Others (the executive, a subgroup chair: a password only) see the counts.
    child_level = is_verified(request.user)
    page = Paginator(census.problems if child_level else [], PROBLEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    if child_level:
        with transaction.atomic():
            audit.record(
                request.user,
                "cin_census.view_children",
                census,
                {"page": page.number, "refused": census.rejected},
                target_label=str(census),
            )
    context: dict[str, Any] = {
        "census": census,
        "page": page,
        "child_level": child_level,
        "listed_all": census.rejected <= len(census.problems),
        "page_title": str(census),
    }
    return render(request, "insight/census/detail.html", context)
