"""The world of this app's tests: Kabupaten Uji's event (see r2_world.py)."""

import pytest

from .r2_world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # documents a test stores go to a fresh folder
    return build_world()
