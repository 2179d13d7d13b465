from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from events.urls import urlpatterns as event_home
from participants.urls import event_urlpatterns as event_seat_pages

# The same name as on the public pages, in the visitor's language.
admin.site.site_header = _("Bimtek Portal")
admin.site.site_title = _("Bimtek Portal")
admin.site.index_title = _("KPU administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wilayah/", include("bodies.urls")),
    path("", include("learning.urls")),
    path("daftar/", include("participants.urls")),
    path("dokumen/", include("reports.urls")),
    # The events namespace: the home page, and the event's pages that show seats.
    path("", include(([*event_home, *event_seat_pages], "events"))),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
