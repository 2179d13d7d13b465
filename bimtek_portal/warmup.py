"""What every gunicorn worker would otherwise load on its first requests, loaded once in
the master before it forks (gunicorn.conf.py's `when_ready`, with preload_app).

A fresh worker (at start, and each time one is replaced after GUNICORN_MAX_REQUESTS)
compiled its templates, read the translation catalogues, built the URL resolver and
read the static files' manifest on its first requests, and the visitors of those
requests waited for it. Done in the master, the workers inherit it
all through fork. Nothing here opens a database or cache connection, which must never
be shared between processes.

What is left to a new worker's first request (bench/README.md, "A new worker's first
request"): its database connection, Python's per-class caches (isinstance of an ABC, a
few regular expressions compiled on first use), and the copy-on-write of the memory
pages it writes to (every object it touches: CPython writes reference counts), which
only the worker itself can pay.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.urls import NoReverseMatch, get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def warm_up() -> int:
    """Load the catalogues, the URLs, the models' field maps, the modules Django imports
    on a first request and the static manifest; compile the templates.
    Returns how many templates were compiled."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Bimtek Portal")
            _urls()
    _model_meta()
    _first_request_imports()
    _static_manifest()
    return _compile_templates()


def _urls() -> None:
    """The resolver of the active language: the root's patterns and one resolver per
    namespace. reverse("participants:register") does not use the root's list: it builds
    a resolver for the namespace's prefix (Django's get_ns_resolver, kept per process)
    and fills it on first use, the largest part of a new worker's first page (the
    regular expressions of every URL turned into reversing patterns again;
    bench/README.md, "A new worker's first request"). One
    reverse() per namespace builds it; the name's missing arguments do not matter."""
    root = get_resolver()
    root.url_patterns  # noqa: B018 (builds the resolver's patterns)
    root.reverse_dict  # noqa: B018
    for path, resolver in _namespaces(root):
        name = next((key for key in resolver.reverse_dict if isinstance(key, str)), None)
        if name is None:
            continue
        try:
            reverse(":".join((*path, name)))
        except NoReverseMatch:
            pass  # the URL needs arguments: its namespace's resolver is built all the same


def _namespaces(resolver: URLResolver, path: tuple[str, ...] = ()) -> Iterator:
    """(namespace path, its resolver) for every namespace, nested ones too."""
    for namespace, (_prefix, inner) in resolver.namespace_dict.items():
        yield (*path, namespace), inner
        yield from _namespaces(inner, (*path, namespace))


def _model_meta() -> None:
    """The field maps Django builds on a model's first query (which field a name means,
    the reverse relations, which need every model's fields): the ORM's first queries in
    a worker built them for each model they touched."""
    for model in apps.get_models(include_auto_created=True):
        options = model._meta
        for name in sorted(options.FORWARD_PROPERTIES | options.REVERSE_PROPERTIES):
            getattr(options, name)
        options.get_fields()
        options.get_fields(include_hidden=True)


def _first_request_imports() -> None:
    """Modules Django imports only when a request first needs them: the template context
    processors (read when the first page is rendered with its request), the messages'
    storage and the sessions' serializer (imported by name on each use)."""
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            engine.engine.template_context_processors  # noqa: B018 (imports them)
    import_string(settings.MESSAGE_STORAGE)
    import_string(settings.SESSION_SERIALIZER)


def _compile_templates() -> int:
    """Every .html template of the project and the installed apps (the admin's and
    crispy-forms' among them): with DEBUG off Django keeps compiled templates per
    process (the cached loader), so the workers inherit them compiled. The form
    renderer's too: Django's default renderer draws the widgets with an engine of its
    own (its own templates, its own cache), which the first form built in a worker
    created, tag libraries and all, and whose widget templates it compiled."""
    renderer = get_default_renderer()
    own = [renderer.engine] if hasattr(renderer, "engine") else []
    return sum(_compile_all(engine) for engine in [engines["django"], *own])


def _compile_all(engine) -> int:
    compiled = 0
    for directory in engine.template_dirs:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")) if root.is_dir() else ():
            try:
                engine.get_template(path.relative_to(root).as_posix())
                compiled += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):
                # A template for a library that is not installed, or one shadowed by
                # another app's: left to be compiled on first use, as before.
                logger.debug("not compiled ahead: %s", path)
    return compiled


def _static_manifest() -> None:
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        staticfiles_storage.url("css/portal.css")
    except ValueError:
        pass  # no collectstatic yet (a development start): nothing to read
