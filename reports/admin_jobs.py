"""Background jobs in the admin, for superusers only (imported by reports/admin.py).

Staff follow their jobs on the print page (`reports:job`); the task queue's own
admin ("Task Results", Ready/Running/...) is unregistered, and a superuser
looking for a failed job finds it here, read-only and labelled in Indonesian.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from bodies.admin_security import ReadOnlyAdminMixin, SecureModelAdmin, SuperuserOnlyMixin
from reports.models import BackgroundJob

STATUS_LABELS = {
    "READY": _("Waiting"),
    "RUNNING": _("Running"),
    "FAILED": _("Failed"),
    "SUCCESSFUL": _("Done"),
}

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(BackgroundJob)
class BackgroundJobAdmin(ReadOnlyAdminMixin, SuperuserOnlyMixin, SecureModelAdmin):
    superuser_only_view = True

    list_display = ("task", "job_status", "enqueued", "started", "finished")
    list_filter = (StatusFilter,)
    ordering = ("-enqueued_at",)
    fields = ("task", "job_status", "enqueued", "started", "finished", "error", "trace")
    readonly_fields = fields

    @admin.display(description=_("task"))
    def task(self, job):
        return job.task_path.rsplit(".", 1)[-1]

    @admin.display(description=_("status"))
    def job_status(self, job):
        return STATUS_LABELS.get(job.status, job.status)

    @admin.display(description=_("queued at"), ordering="enqueued_at")
    def enqueued(self, job):
        return job.enqueued_at

    @admin.display(description=_("started at"))
    def started(self, job):
        return job.started_at

    @admin.display(description=_("finished at"))
    def finished(self, job):
        return job.finished_at

    @admin.display(description=_("error"))
    def error(self, job):
        return job.exception_class_path or "-"

    @admin.display(description=_("traceback"))
    def trace(self, job):
        return format_html("<pre>{}</pre>", job.traceback) if job.traceback else "-"
