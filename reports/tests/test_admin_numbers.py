"""The number register in the admin: readable, never editable."""

import pytest
from django.urls import reverse

from reports.tests.factories import DocumentNumberFactory

pytestmark = pytest.mark.django_db


def test_staff_with_the_permission_see_the_register(client, staff_of, kpu_ri):
    user = staff_of(kpu_ri, "reports.view_documentnumber", username="arsip")
    client.force_login(user)
    number = DocumentNumberFactory(running_number=231)
    response = client.get(reverse("admin:reports_documentnumber_changelist"))
    assert response.status_code == 200
    assert number.number in response.content.decode()


def test_staff_without_the_permission_are_refused(staff_client):
    response = staff_client.get(reverse("admin:reports_documentnumber_changelist"))
    assert response.status_code == 403


def test_nobody_adds_or_changes_a_number_in_the_admin(admin_client):
    number = DocumentNumberFactory()
    assert admin_client.get(reverse("admin:reports_documentnumber_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:reports_documentnumber_change", args=[number.pk]), {"number": "9/X"}
    )
    assert response.status_code == 403
    number.refresh_from_db()
    assert number.number != "9/X"


def test_the_register_list_takes_ten_queries_for_5_or_35_numbers(
    admin_client, django_assert_num_queries
):
    """The same for 5 as for 35: the rows come in one query, office, event and user joined."""
    for count in (5, 30):
        for _ in range(count):
            DocumentNumberFactory()
        with django_assert_num_queries(10):
            admin_client.get(reverse("admin:reports_documentnumber_changelist"))


def test_the_register_names_each_document_by_its_title_not_its_slug(admin_client):
    DocumentNumberFactory(document="berita-acara")
    page = admin_client.get(reverse("admin:reports_documentnumber_changelist")).content.decode()
    assert "Berita Acara Pelaksanaan Bimtek" in page
    assert ">berita-acara<" not in page


# --- the admin speaks Indonesian ------------------------------------------------


def test_the_admin_index_names_the_documents_app_and_jobs_in_indonesian(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Dokumen" in page and ">Reports<" not in page
    assert "Task Results" not in page and "Tugas latar belakang" in page


def test_a_superuser_sees_a_failed_job_read_only_in_indonesian(admin_client):
    from django.utils import timezone

    from reports.models import BackgroundJob

    job = BackgroundJob.objects.create(
        status="FAILED",
        args_kwargs={},
        task_path="reports.tasks.render_job",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="builtins.MemoryError",
        traceback="Traceback ...",
        finished_at=timezone.now(),
    )
    listing = admin_client.get(reverse("admin:reports_backgroundjob_changelist"))
    assert "Gagal" in listing.content.decode() and "Failed" not in listing.content.decode()
    detail = admin_client.get(reverse("admin:reports_backgroundjob_change", args=[job.pk]))
    assert "builtins.MemoryError" in detail.content.decode()
    assert (
        admin_client.post(reverse("admin:reports_backgroundjob_delete", args=[job.pk])).status_code
        == 403
    )


def test_staff_do_not_see_background_jobs_in_the_admin(staff_client):
    response = staff_client.get(reverse("admin:reports_backgroundjob_changelist"))
    assert response.status_code == 403
