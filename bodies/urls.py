from django.urls import path

from . import views

app_name = "bodies"

urlpatterns = [
    path("desa/", views.villages, name="villages"),
]
