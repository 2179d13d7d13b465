"""Admin of the reports app.

The register of document numbers (DocumentNumber) gets its ModelAdmin from
`reports/admin_numbers.py` (written by the other reports engineer), imported
here as soon as that module exists. The "Cetak dokumen" page of an event is
`reports:print` (`/dokumen/<slug>/`, see `reports.views.print_url`), for the
events admin to link to.
"""

from importlib.util import find_spec

if find_spec("reports.admin_numbers") is not None:
    from reports import admin_numbers  # noqa: F401  (registers DocumentNumber)
from reports import admin_jobs  # noqa: F401  (background jobs, superusers only)
