"""Sections other apps' pages show: the private page's materials and tests, the event
page's public materials. Template tags, so those apps' views need not import this one."""

from django import template

from learning.selectors import participant_learning, public_materials
from learning.views import private_key

register = template.Library()


@register.inclusion_tag("learning/_private_section.html", takes_context=True)
def learning_section(context, registration):
    request = context["request"]
    return {
        "registration": registration,
        "key": private_key(request),
        "learning": participant_learning(registration=registration),
    }


@register.inclusion_tag("learning/_public_materials.html")
def public_materials_section(event):
    return {"event": event, "materials": list(public_materials(event_id=event.pk))}
