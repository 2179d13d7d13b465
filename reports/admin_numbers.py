"""Admin of the register of document numbers (imported by reports/admin.py).

Numbers are given by the services (`document_number_allocate`, or
`document_number_register` for a number from the paper register), never typed
or changed here: the register is read-only, so the admin cannot break the
"never the same number twice" rule or rewrite a number already printed.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bodies.admin_security import ReadOnlyAdminMixin, SecureModelAdmin
from bodies.selectors import area_filter, staff_office
from reports.documents import document_title as title_of
from reports.models import DocumentNumber


@admin.register(DocumentNumber)
class DocumentNumberAdmin(ReadOnlyAdminMixin, SecureModelAdmin):
    list_display = (
        "number",
        "office",
        "doc_type",
        "year",
        "document_title",
        "event",
        "entered_manually",
        "created_at",
        "created_by",
    )
    list_filter = ("year", "doc_type", "entered_manually", "classification")
    search_fields = ("number", "document", "event__title", "office__name")
    list_select_related = ("office", "event", "created_by")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")

    @admin.display(description=_("document"), ordering="document")
    def document_title(self, number):
        """ "Berita Acara Pelaksanaan Bimtek", not the slug it is stored under."""
        return title_of(number.document) or "-"

    def get_queryset(self, request):
        """A staff account sees the registers of the offices in its own area."""
        numbers = super().get_queryset(request)
        if request.user.is_superuser:
            return numbers
        office = staff_office(request.user)
        if office is None:
            return numbers.none()
        return numbers.filter(area_filter(office, prefix="office__"))
