from django.contrib import admin

from .forms import AdminLoginForm


class BimtekAdminSite(admin.AdminSite):
    """Django's admin with the second factor in its login form.

    Whether an account must have a second factor before it may use any staff page,
    the admin included, is the middleware's question (middleware.py), so the rule
    holds on the staff pages outside the admin too.
    """

    login_form = AdminLoginForm
    login_template = "accounts/admin_login.html"
