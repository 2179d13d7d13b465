from django import template

from accounts.permissions import CHANGE_EVENT, VIEW_EVENT
from events.staff_links import staff_links

register = template.Library()


@register.inclusion_tag("events/_staff_tools.html", takes_context=True)
def staff_tools(context, event, active: str = ""):
    """Pills linking the staff pages of `event`; `active` is the URL name of the current page."""
    user = context["request"].user
    return {
        "links": staff_links(event=event, user=user) if user.is_staff else [],
        "active": active,
        "event": event,
        # The event's admin page answers 403 to an account that may neither view nor
        # change events (a PPK's operator): no link to it then.
        "may_open_admin": user.has_perm(VIEW_EVENT) or user.has_perm(CHANGE_EVENT),
    }
