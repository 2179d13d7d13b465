"""Admin of the reports app.

The register of document numbers (DocumentNumber) gets its ModelAdmin from
`reports/admin_numbers.py`. The "Cetak dokumen" page of an event is
`reports:print` (`/dokumen/<slug>/`, see `reports.views.print_url`), for the
events admin to link to.
"""
