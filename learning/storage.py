"""Where uploaded materials are kept: outside MEDIA_ROOT, which debug mode serves to anyone.

A material is only ever handed out by a view that checks who asks (the private
link, or the material being public), with its own Content-Disposition.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class MaterialStorage(FileSystemStorage):
    """The folder is read at each use, so tests can point the setting elsewhere."""

    @property
    def base_location(self):
        return str(settings.BIMTEK_PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Materials have no public URL: learning.views serves them.")


def material_storage() -> MaterialStorage:
    return MaterialStorage(base_url=None)
