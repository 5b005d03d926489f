"""MASA's URLs plus `/bench/bare/`, a view that does no work of its own.

It measures what every request pays before a view runs (gunicorn, WSGI, the
middleware stack), so the application's pages can be read as a ratio of it.
It lives here, not in `masa.urls`, so that it never ships.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from masa.urls import handler400, handler403, handler404, handler500  # noqa: F401


def bare(request: HttpRequest) -> HttpResponse:
    """A short string and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("masa.urls")),
]
