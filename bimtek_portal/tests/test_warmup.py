"""warm_up (gunicorn.conf.py's `when_ready`, in the master before it forks) leaves a new
worker's first request nothing to build that the master could build once for all of them:
the URL resolvers of every namespace and language, the form renderer's templates, the
models' field maps, the modules Django imports on a first request.

Each test shows the work done without warm_up too (the control case), so it cannot pass
because the work was never needed.
"""

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.loaders.filesystem import Loader as FilesystemLoader
from django.urls import clear_url_caches, reverse
from django.urls.resolvers import URLResolver
from django.utils import translation

from bimtek_portal.warmup import warm_up
from participants.models import Registration

# Namespaced URLs a first page reverses (the public form's own, the admin's, the staff's).
NAMESPACED = (
    ("participants:register", ["acara"]),
    ("events:privacy", ["acara"]),
    ("admin:index", []),
)


@pytest.fixture
def populated(monkeypatch):
    """How many URL resolvers were filled from their patterns."""
    filled = []
    populate = URLResolver._populate

    def counting(resolver):
        filled.append(resolver)
        return populate(resolver)

    monkeypatch.setattr(URLResolver, "_populate", counting)
    return filled


def reverse_namespaced() -> None:
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, args in NAMESPACED:
                reverse(name, args=args)


def test_after_warm_up_reversing_a_namespaced_url_fills_no_resolver(populated):
    clear_url_caches()
    reverse_namespaced()
    assert populated, "without warm_up the first reverse fills the resolvers"

    clear_url_caches()
    warm_up()
    populated.clear()
    reverse_namespaced()
    assert populated == []


class ThreeWidgets(forms.Form):
    name = forms.CharField()
    role = forms.ChoiceField(choices=[("ppk", "PPK"), ("pps", "PPS")])
    agree = forms.BooleanField()


@pytest.fixture
def template_reads(monkeypatch):
    """The template files read from disk (every loader of ours reads through this one)."""
    reads = []
    get_contents = FilesystemLoader.get_contents

    def counting(loader, origin):
        reads.append(origin.template_name)
        return get_contents(loader, origin)

    monkeypatch.setattr(FilesystemLoader, "get_contents", counting)
    return reads


def test_after_warm_up_a_form_renders_its_widgets_from_compiled_templates(template_reads):
    get_default_renderer.cache_clear()  # a worker's renderer, as yet unused
    str(ThreeWidgets())
    assert any(name.startswith("django/forms/") for name in template_reads)

    get_default_renderer.cache_clear()
    warm_up()
    template_reads.clear()
    str(ThreeWidgets())
    assert template_reads == []


def test_warm_up_builds_the_models_field_maps():
    apps.clear_cache()  # forgets every model's field maps, as in a fresh process
    options = Registration._meta
    assert "fields_map" not in options.__dict__

    warm_up()
    for model in apps.get_models(include_auto_created=True):
        built = model._meta.__dict__
        assert {"fields_map", "related_objects", "_forward_fields_map"} <= built.keys(), model


def test_warm_up_imports_the_template_context_processors():
    engine = engines["django"].engine
    engine.__dict__.pop("template_context_processors", None)  # imported on first render

    warm_up()
    assert "template_context_processors" in engine.__dict__
