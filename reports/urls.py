from django.urls import path

from . import views

app_name = "reports"

# Fixed prefixes first, so they can never be read as an event's slug.
urlpatterns = [
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    path("tugas/<str:job_id>/", views.job_status, name="job"),
    path("tugas/<str:job_id>/ulang/", views.job_retry, name="job-retry"),
    path("unduh/<str:job_id>/", views.job_download, name="job-download"),
    path("<slug:slug>/", views.print_page, name="print"),
    path("<slug:slug>/cetak/<str:document>/", views.print_document, name="print-document"),
]
