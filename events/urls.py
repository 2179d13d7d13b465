from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("acara/<slug:slug>/", views.event_detail, name="detail"),
    path("acara/<slug:slug>/privasi/", views.event_privacy, name="privacy"),
    path("kelola/acara/<slug:slug>/kuota/", views.quota_overview_view, name="quota-overview"),
]
