"""Small helpers every app's views share: the guard every view declares, the posted
data, and a form page that turns a service's refusal into a form error.

Every view declares who may open it with exactly one of these decorators, outermost
or beside Django's own (they keep the declaration on the function):

* `@guard(policy, action)`: signed in, acting in a partnership, and
  `policy.can(acting, action)`; records on the page are then fetched with
  `policy.get_or_404(request.acting, action, pk)`.
* `@member`: signed in and acting in a partnership, any role (the published learning
  every member reads).
* `@signed_in`: signed in, whether or not in a partnership (the home page, two-factor
  pages, the partnership switcher).
* `@public`: anyone (sign-in, accessibility, health check).

`tests/core/test_every_url.py` walks every URL pattern of the project and fails for a
view that declares none, so a page cannot ship unguarded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from masa.core.errors import ServiceError
from masa.core.forms import GovUKForm
from masa.core.policies import Policy
from masa.core.types import ActingRequest, SignedInRequest

View = TypeVar("View", bound=Callable[..., Any])
P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


@dataclass(frozen=True)
class Guard:
    """What a view declares about who may open it (`view.guard`)."""

    kind: str  # "policy", "member", "signed_in" or "public"
    resource: str = ""
    action: str = ""

    def __str__(self) -> str:
        return f"{self.resource}.{self.action}" if self.kind == "policy" else self.kind


def _declare(view: View, declared: Guard) -> View:
    if getattr(view, "guard", None) is not None:
        raise TypeError(f"{view.__qualname__} declares two guards")
    setattr(view, "guard", declared)  # noqa: B010 - read back by getattr, like Django's csrf_exempt
    return view


def acting_of(request: HttpRequest) -> ActingRequest:
    """The request, with the person acting in a partnership; 404 if they are in none."""
    signed_in = cast(SignedInRequest, request)
    if getattr(signed_in, "acting", None) is None:
        raise Http404("You are not a member of a partnership.")
    return cast(ActingRequest, signed_in)


def guard(
    policy: Policy[Any], action: str
) -> Callable[
    [Callable[Concatenate[ActingRequest, P], R]], Callable[Concatenate[HttpRequest, P], R]
]:
    """Only people who may `action` on `policy`'s records (at some scope) open the page;
    for everyone else it is not there (404), as for records, so menu and URLs agree."""
    if action not in policy.abilities:
        policy.permission(action)  # an unknown action fails at import, not per request

    def decorate(
        view: Callable[Concatenate[ActingRequest, P], R],
    ) -> Callable[Concatenate[HttpRequest, P], R]:
        @functools.wraps(view)
        def guarded(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R:
            acting = acting_of(request)
            if not policy.can(acting.acting, action):
                raise Http404("You do not have access to this page.")
            return view(acting, *args, **kwargs)

        return _declare(login_required(guarded), Guard("policy", policy.resource, action))

    return decorate


def member(
    view: Callable[Concatenate[ActingRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R]:
    """Any person acting in a partnership, whatever their roles."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return view(acting_of(request), *args, **kwargs)

    return _declare(login_required(guarded), Guard("member"))


def signed_in(view: View) -> View:
    """Any signed-in person, in a partnership or not."""
    return _declare(login_required(view), Guard("signed_in"))


def public(view: View) -> View:
    """Anyone, signed in or not: a page that holds nothing about anyone."""
    return _declare(view, Guard("public"))


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


FORM_STEP = "core/form_step.html"


def form_step(
    request: SignedInRequest,
    form: GovUKForm,
    run: Callable[[], object],
    *,
    done: str | Callable[[], str],
    to: str | Callable[[], str],
    back: str,
    title: str,
    caption: str,
    button: str,
    intro: Sequence[str] = (),
    template: str = FORM_STEP,
    extra: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """One step of a piece of work: show a form; on a valid POST run the service, say
    what happened (`done`) and move on (`to`). A service's refusal shows as an error on
    the form, with status 400, and nothing typed is lost. `done` and `to` may be
    functions, for what the service has just made."""
    if request.method == "POST" and form.is_valid() and attempt(form, run):
        messages.success(request, done() if callable(done) else done)
        return redirect(to() if callable(to) else to)
    return form_page(
        request,
        template,
        form,
        {
            "page_title": title,
            "caption": caption,
            "intro": intro,
            "back": back,
            "button": button,
            **(extra or {}),
        },
    )
