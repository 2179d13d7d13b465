from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Bimtek Portal"
admin.site.site_title = "Bimtek Portal"
admin.site.index_title = "Administrasi KPU"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wilayah/", include("bodies.urls")),
    path("daftar/", include("participants.urls")),
    path("dokumen/", include("reports.urls")),
    path("", include("events.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
