from django.urls import include, path, re_path

from . import views, views_calendar, views_checkin, views_checkin_offline, views_event

app_name = "participants"

offline_desk_urlpatterns = [
    path("luring/", views_checkin_offline.desk, name="check-in-offline"),
    path("luring/sw.js", views_checkin_offline.service_worker, name="check-in-offline-sw"),
    path(
        "luring/manifest.webmanifest",
        views_checkin_offline.manifest,
        name="check-in-offline-manifest",
    ),
    path("roster.json", views_checkin_offline.roster, name="check-in-roster"),
    path("sinkron/", views_checkin_offline.sync, name="check-in-sync"),
    path("tinjau/", views_checkin_offline.review, name="check-in-review"),
    path("kertas/<str:day>/", views_checkin_offline.paper, name="check-in-paper"),
]

urlpatterns = [
    # /daftar/r/<code>/ (the code as the link, until December 2026) is gone: see README.
    path("p/<str:token>/", views.registration_detail, name="detail"),
    path("p/<str:token>/qr/", views.registration_link_qr, name="link-qr"),
    path("p/<str:token>/ubah/", views.registration_edit, name="edit"),
    path("p/<str:token>/batal/", views.registration_cancel, name="cancel"),
    path("p/<str:token>/rekening/", views.registration_bank_account, name="account"),
    path("p/<str:token>/kalender.ics", views_calendar.registration_calendar, name="calendar"),
    path("p/<str:token>/data.json", views.registration_own_data, name="own-data"),
    path("p/<str:token>/hapus/", views.registration_erase, name="erase"),
    re_path(r"^r/(?P<code>[^/]+)/(?:ubah/|batal/)?$", views.old_private_link, name="old-link"),
    path("staf/<slug:slug>/", views.staff_list, name="staff-list"),
    re_path(
        r"^staf/(?P<slug>[-\w]+)/ekspor\.(?P<fmt>csv|xlsx)$",
        views.staff_export,
        name="staff-export",
    ),
    path("staf/<slug:slug>/tolak/", views.staff_reject_bulk, name="staff-reject-bulk"),
    path("staf/<slug:slug>/hadir/", views_checkin.check_in_today, name="check-in-today"),
    # The offline desk (views_checkin_offline), before "hadir/<day>/" would take its paths.
    path("staf/<slug:slug>/hadir/", include(offline_desk_urlpatterns)),
    path("staf/<slug:slug>/hadir/<str:day>/", views_checkin.check_in, name="check-in"),
    path("staf/registrasi/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staf/registrasi/<int:pk>/verifikasi/", views.staff_verify, name="staff-verify"),
    path("staf/registrasi/<int:pk>/tolak/", views.staff_reject, name="staff-reject"),
    path("staf/registrasi/<int:pk>/batal/", views.staff_cancel, name="staff-cancel"),
    path("staf/registrasi/<int:pk>/ganti/", views.staff_substitute, name="staff-substitute"),
    path("staf/registrasi/<int:pk>/perbaiki/", views.staff_correct, name="staff-correct"),
    path(
        "staf/registrasi/<int:pk>/tautan-pribadi/",
        views.staff_private_link,
        name="staff-private-link",
    ),
    path("<slug:slug>/tantangan/", views.register_challenge, name="challenge"),
    path("<slug:slug>/", views.register, name="register"),
]

# Pages of an event that show its seats, at the root and under the "events" namespace
# (see bimtek_portal/urls.py), where they were before the seat ledger moved here.
event_urlpatterns = [
    path("acara/<slug:slug>/", views_event.event_detail, name="detail"),
    path("kelola/acara/<slug:slug>/kuota/", views_event.quota_overview_view, name="quota-overview"),
]
