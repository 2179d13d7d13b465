from django.urls import path

from . import views

app_name = "events"

# The event's page and its quota overview join this namespace in bimtek_portal/urls.py:
# they show seats, so their views are the participants app's.
urlpatterns = [
    path("", views.home, name="home"),
    path("acara/<slug:slug>/privasi/", views.event_privacy, name="privacy"),
]
