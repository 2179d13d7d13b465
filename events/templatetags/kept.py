"""`{% kept store "name" %}...{% endkept %}`: a part of a page rendered once and kept.

`store` is any object with `get(key, build)` (participants.seat_cache.SeatData: kept
in the process until the event's seats or the event change). The part is kept per
language; it must not depend on the visitor (user, CSRF token, messages). Without a
store (None) the part is rendered every time.
"""

from django import template
from django.utils.translation import get_language

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, store, name):
        self.nodelist, self.store, self.name = nodelist, store, name

    def render(self, context):
        store = self.store.resolve(context)
        if store is None:
            return self.nodelist.render(context)
        key = ("kept", self.name.resolve(context), get_language())
        return store.get(key, lambda: self.nodelist.render(context))


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f'Usage: {{% {bits[0]} store "name" %}}')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
