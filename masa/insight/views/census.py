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
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import audit, pages
from masa.core.errors import ServiceError
from masa.core.policies import is_verified
from masa.core.types import ActingRequest
from masa.insight.cin.importer import census_import
from masa.insight.forms_census import CensusUploadForm
from masa.insight.models import CinCensus
from masa.insight.policies import censuses

PROBLEMS_PER_PAGE = 50


@pages.guard(censuses, "see_censuses")
@require_GET
def census_list(request: ActingRequest) -> HttpResponse:
    return render(
        request,
        "insight/census/list.html",
        {
            "censuses": censuses.visible(request.acting, "view").select_related("imported_by"),
            "can_upload": censuses.can(request.acting, "manage"),
            "page_title": "Children in Need census",
        },
    )


@pages.guard(censuses, "import")
@require_http_methods(["GET", "POST"])
def census_upload(request: ActingRequest) -> HttpResponse:
    form = CensusUploadForm(pages.posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            census = census_import(
                acting=request.acting,
                partnership=request.acting.partnership,
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


@pages.guard(censuses, "see_censuses")
@require_GET
def census_detail(request: ActingRequest, pk: int) -> HttpResponse:
    census = censuses.get_or_404(request.acting, "view", pk)
    # The children refused (LA child IDs, lines, dates of birth) are identifiable: shown
    # only to someone who signed in with a security code, and each view is audited.
    # Others (the executive, a subgroup chair: a password only) see the counts.
    child_level = is_verified(request.user)
    page = Paginator(census.problems if child_level else [], PROBLEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    if child_level:
        audit.record_view(
            request.acting,
            census,
            verb="cin_census.view_children",
            page=page.number,
            refused=census.rejected,
        )
    context: dict[str, Any] = {
        "census": census,
        "page": page,
        "child_level": child_level,
        "listed_all": census.rejected <= len(census.problems),
        "page_title": str(census),
    }
    return render(request, "insight/census/detail.html", context)
