from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dua-faktor/", views.two_factor_page, name="two-factor"),
    path("dua-faktor/kode-pemulihan/", views.recovery_codes_renew, name="recovery-codes"),
]
