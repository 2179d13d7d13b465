"""Every string a person reads has its Indonesian translation."""

import shutil
import subprocess

import pytest
from django.conf import settings

CATALOGUES = sorted(settings.BASE_DIR.glob("*/locale/id/LC_MESSAGES/django.po")) + [
    settings.BASE_DIR / "locale/id/LC_MESSAGES/django.po"
]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
@pytest.mark.parametrize(
    "catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_the_catalogue_has_no_untranslated_or_fuzzy_entry(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    assert "translated messages" in result.stderr


@pytest.mark.parametrize(
    "catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_no_translation_says_its_text_twice(catalogue):
    """A merge once left the 403 and 404 pages' sentences twice in a row."""
    import re

    text = catalogue.read_text(encoding="utf-8")
    for block in re.findall(r'^msgstr ((?:".*"\n)+)', text, flags=re.MULTILINE):
        translation = "".join(re.findall(r'"(.*)"', block))
        half = len(translation) // 2
        doubled = len(translation) > 20 and translation[:half] == translation[half:]
        assert not doubled, translation
