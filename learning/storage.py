"""Where uploaded materials are kept: outside MEDIA_ROOT, which debug mode serves to anyone.

A material is only ever handed out by a view that checks who asks (the private
link, or the material being public), with its own Content-Disposition.

A file is written under a temporary name and given its own only once complete, so a
disk that fills up half-way leaves nothing behind (the admin then says so, see
bodies/admin_security.py) and a material never points at half a file.
"""

import os
import posixpath
import uuid
from contextlib import suppress

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

    def _save(self, name, content):
        temporary = posixpath.join(posixpath.dirname(name), f".part-{uuid.uuid4().hex}")
        try:
            temporary = super()._save(temporary, content)
            while True:
                try:
                    # A hard link never replaces a file that has the name already.
                    os.link(self.path(temporary), self.path(name))
                    return name
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            with suppress(FileNotFoundError):
                os.remove(self.path(temporary))

    def url(self, name):
        raise ValueError("Materials have no public URL: learning.views serves them.")


def material_storage() -> MaterialStorage:
    return MaterialStorage(base_url=None)
