from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters, ModelAdmin
from django.contrib.admin.views.main import ChangeList

from .forms import AdminLoginForm


class BimtekChangeList(ChangeList):
    """Django's list, with a date drill-down out of range refused as a wrong filter.

    Django turns `?<date>__year=2024&...` into a date and catches only ValueError:
    a year of 30 digits (OverflowError) or 31 December 9999 (one day more overflows)
    failed the page with a 500. Refused, the admin shows the list unfiltered with
    its "wrong filter" notice (?e=1), as for any other unusable filter.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


def _changelist(model_admin, request, **kwargs):
    return BimtekChangeList


class BimtekAdminSite(admin.AdminSite):
    """Django's admin with the second factor in its login form.

    Whether an account must have a second factor before it may use any staff page,
    the admin included, is the middleware's question (middleware.py), so the rule
    holds on the staff pages outside the admin too.
    """

    login_form = AdminLoginForm
    login_template = "accounts/admin_login.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every list of the admin, the libraries' (axes, django-otp) included, gets the
        # list above: Django makes the registered class a subclass with these options.
        own = (
            admin_class is not None and admin_class.get_changelist is not ModelAdmin.get_changelist
        )
        if not own:
            options.setdefault("get_changelist", _changelist)
        super().register(model_or_iterable, admin_class, **options)
