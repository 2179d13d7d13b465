from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    # Under the private link (participants:detail is daftar/r/<code>/).
    path("daftar/r/<str:code>/tes/<str:kind>/", views.quiz, name="quiz"),
    path("daftar/r/<str:code>/survei/", views.survey, name="survey"),
    path("daftar/r/<str:code>/materi/<int:pk>/", views.material_download, name="material"),
    path(
        "acara/<slug:slug>/materi/<int:pk>/",
        views.public_material_download,
        name="public-material",
    ),
    path("kelola/acara/<slug:slug>/evaluasi/", views.results, name="results"),
    path("kelola/acara/<slug:slug>/evaluasi/salin-soal/", views.questions_copy, name="copy"),
]
