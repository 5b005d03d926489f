"""Groups: the structure chart (every group under the group it reports to), a group's
page with its chair, members and deputies, and the business unit's and chairs' forms."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masa.core import pages
from masa.core.types import ActingRequest
from masa.governance import policies, selectors


@pages.guard(policies.groups, "view")
@require_GET
def structure(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    return render(
        request,
        "governance/structure.html",
        {
            "roots": selectors.structure(acting=acting),
            "can_add": policies.groups.can(acting, "manage_all"),
        },
    )
