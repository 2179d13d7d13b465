"""What every gunicorn worker would otherwise load on its first requests, loaded once in
the master before it forks (gunicorn.conf.py's `when_ready`, with preload_app).

A fresh worker (at start, and each time one is replaced after GUNICORN_MAX_REQUESTS)
compiled its templates, read the translation catalogues, built the URL resolver and
read the static files' manifest on its first requests, and the visitors of those
requests waited for it. Done in the master, the workers inherit it
all through fork. Nothing here opens a database or cache connection, which must never
be shared between processes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def warm_up() -> int:
    """Compile the templates, load the catalogues, the URLs and the static manifest.
    Returns how many templates were compiled."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Bimtek Portal")
    get_resolver().url_patterns  # noqa: B018 (builds the resolver's patterns)
    get_resolver().reverse_dict  # noqa: B018
    _static_manifest()
    return _compile_templates()


def _compile_templates() -> int:
    """Every .html template of the project and the installed apps (the admin's and
    crispy-forms' among them): with DEBUG off Django keeps compiled templates per
    process (the cached loader), so the workers inherit them compiled."""
    engine = engines["django"]
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
