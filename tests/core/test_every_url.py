"""Every URL pattern of the project declares its guard, and is in an access matrix.

A view declares who may open it with one decorator of `masa.core.pages` (`guard`,
`member`, `signed_in` or `public`). Each app's access tests (`tests/**/test_access*.py`)
hold a module-level `MATRIX` of page addresses (templates like "/reviews/{review}/")
with the people who may open each, run against every demo person; pages that only
take a POST are named in the module's `POST_ONLY` with the test that covers them.
This test fails when a pattern declares no guard or is in no matrix, so a new page
cannot ship unguarded or untested.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve

import tests
from masa.core.pages import Guard

# The Django admin has its own guard (`MasaAdminSite.has_permission`), tested in
# tests/core/test_admin_scope.py; Django serves static files itself.
OWN_GUARDS = ("admin",)


def _patterns(
    resolvers: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from _patterns(entry.url_patterns, inner or "")
        else:
            yield (f"{namespace}:{entry.name}" if namespace else str(entry.name)), entry


def project_patterns() -> dict[str, URLPattern]:
    return {
        name: pattern
        for name, pattern in _patterns(get_resolver().url_patterns)
        if name.partition(":")[0] not in OWN_GUARDS
    }


class _Ones(dict[str, int]):
    def __missing__(self, key: str) -> int:
        return 1


def _access_modules() -> Iterator[Any]:
    root = Path(tests.__file__).parent
    for path in sorted(root.rglob("test_access*.py")):
        dotted = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        yield importlib.import_module(dotted)


def covered_pages() -> tuple[set[str], dict[str, str]]:
    matrix: set[str] = set()
    post_only: dict[str, str] = {}
    for module in _access_modules():
        for row in getattr(module, "MATRIX", ()):
            template = row[0]
            match = resolve(template.split("?")[0].format_map(_Ones()))
            matrix.add(f"{':'.join(match.namespaces)}:{match.url_name}".lstrip(":"))
        for name, where in getattr(module, "POST_ONLY", {}).items():
            post_only[name] = f"{module.__name__}::{where}"
    return matrix, post_only


def test_every_view_declares_its_guard() -> None:
    unguarded = sorted(
        name
        for name, pattern in project_patterns().items()
        if not isinstance(getattr(pattern.callback, "guard", None), Guard)
    )
    assert unguarded == []


def test_every_page_is_in_an_access_matrix() -> None:
    matrix, post_only = covered_pages()
    missing = sorted(set(project_patterns()) - matrix - set(post_only))
    assert missing == []


def test_the_matrices_name_only_real_pages() -> None:
    _, post_only = covered_pages()
    assert sorted(set(post_only) - set(project_patterns())) == []
