from django import template

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
    }
