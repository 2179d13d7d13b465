from django.urls import include, path, re_path

from .views import calendar, checkin, checkin_offline, event, private, public, staff

app_name = "participants"

offline_desk_urlpatterns = [
    path("luring/", checkin_offline.desk, name="check-in-offline"),
    path("luring/sw.js", checkin_offline.service_worker, name="check-in-offline-sw"),
    path(
        "luring/manifest.webmanifest",
        checkin_offline.manifest,
        name="check-in-offline-manifest",
    ),
    path("roster.json", checkin_offline.roster, name="check-in-roster"),
    path("sinkron/", checkin_offline.sync, name="check-in-sync"),
    path("tinjau/", checkin_offline.review, name="check-in-review"),
    path("kertas/<str:day>/", checkin_offline.paper, name="check-in-paper"),
]

urlpatterns = [
    # /daftar/r/<code>/ (the code as the link, until December 2026) is gone: see README.
    path("p/<str:token>/", private.registration_detail, name="detail"),
    path("p/<str:token>/qr/", private.registration_link_qr, name="link-qr"),
    path("p/<str:token>/ubah/", private.registration_edit, name="edit"),
    path("p/<str:token>/batal/", private.registration_cancel, name="cancel"),
    path("p/<str:token>/rekening/", private.registration_bank_account, name="account"),
    path("p/<str:token>/kalender.ics", calendar.registration_calendar, name="calendar"),
    path("p/<str:token>/data.json", private.registration_own_data, name="own-data"),
    path("p/<str:token>/hapus/", private.registration_erase, name="erase"),
    re_path(r"^r/(?P<code>[^/]+)/(?:ubah/|batal/)?$", staff.old_private_link, name="old-link"),
    path("staf/<slug:slug>/", staff.staff_list, name="staff-list"),
    re_path(
        r"^staf/(?P<slug>[-\w]+)/ekspor\.(?P<fmt>csv|xlsx)$",
        staff.staff_export,
        name="staff-export",
    ),
    path("staf/<slug:slug>/tolak/", staff.staff_reject_bulk, name="staff-reject-bulk"),
    path("staf/<slug:slug>/hadir/", checkin.check_in_today, name="check-in-today"),
    # The offline desk (views/checkin_offline.py), before "hadir/<day>/" would take its paths.
    path("staf/<slug:slug>/hadir/", include(offline_desk_urlpatterns)),
    path("staf/<slug:slug>/hadir/<str:day>/", checkin.check_in, name="check-in"),
    path("staf/registrasi/<int:pk>/", staff.staff_detail, name="staff-detail"),
    path("staf/registrasi/<int:pk>/verifikasi/", staff.staff_verify, name="staff-verify"),
    path("staf/registrasi/<int:pk>/tolak/", staff.staff_reject, name="staff-reject"),
    path("staf/registrasi/<int:pk>/batal/", staff.staff_cancel, name="staff-cancel"),
    path("staf/registrasi/<int:pk>/ganti/", staff.staff_substitute, name="staff-substitute"),
    path("staf/registrasi/<int:pk>/perbaiki/", staff.staff_correct, name="staff-correct"),
    path(
        "staf/registrasi/<int:pk>/tautan-pribadi/",
        staff.staff_private_link,
        name="staff-private-link",
    ),
    path("<slug:slug>/tantangan/", public.register_challenge, name="challenge"),
    path("<slug:slug>/wilayah/", public.register_places, name="register-places"),
    path("<slug:slug>/", public.register, name="register"),
]

# Pages of an event that show its seats, at the root and under the "events" namespace
# (see bimtek_portal/urls.py), where they were before the seat ledger moved here.
event_urlpatterns = [
    path("acara/<slug:slug>/", event.event_detail, name="detail"),
    path("kelola/acara/<slug:slug>/kuota/", event.quota_overview_view, name="quota-overview"),
    re_path(
        r"^kelola/acara/(?P<slug>[-\w]+)/kuota/(?P<level>provinsi|kabupaten|kecamatan)/"
        r"(?P<pk>[0-9]{1,18})/$",
        event.quota_region_view,
        name="quota-region",
    ),
]
