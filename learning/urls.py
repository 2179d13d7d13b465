from django.urls import path

from . import views

app_name = "learning"

# Under the private link, as participants:detail (its key's name: views.PRIVATE_KEY).
PRIVATE = "daftar/p/<str:token>/"

urlpatterns = [
    path(PRIVATE + "tes/<str:kind>/", views.quiz, name="quiz"),
    path(PRIVATE + "survei/", views.survey, name="survey"),
    path(PRIVATE + "materi/<int:pk>/", views.material_download, name="material"),
    path(
        "acara/<slug:slug>/materi/<int:pk>/",
        views.public_material_download,
        name="public-material",
    ),
    path("kelola/acara/<slug:slug>/evaluasi/", views.results, name="results"),
    path("kelola/acara/<slug:slug>/evaluasi/salin-soal/", views.questions_copy, name="copy"),
]
