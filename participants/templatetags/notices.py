from django import template

from participants.notices import whatsapp_url as build_url

register = template.Library()


@register.simple_tag
def whatsapp_url(registration, event=None) -> str:
    """`{% whatsapp_url registration event %}`: click-to-chat with the message filled in."""
    return build_url(registration, event)
