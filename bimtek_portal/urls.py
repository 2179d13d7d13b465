from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from bimtek_portal import views
from events.urls import urlpatterns as event_home
from participants.urls import event_urlpatterns as event_seat_pages

# The same name as on the public pages, in the visitor's language.
admin.site.site_header = _("Bimtek Portal")
admin.site.site_title = _("Bimtek Portal")
admin.site.index_title = _("KPU administration")

# Django answers an oversized request with its 400; ours says what was too large (413).
handler400 = views.bad_request

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("accounts.urls")),
    path("wilayah/", include("bodies.urls")),
    path("", include("learning.urls")),
    path("daftar/", include("participants.urls")),
    path("dokumen/", include("reports.urls")),
    # The events namespace: the home page, and the event's pages that show seats.
    path("", include(([*event_home, *event_seat_pages], "events"))),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
