"""Progress bars without inline styles: `<div class="progress-bar {{ t.percent|bar_width }}">`.

The Content Security Policy blocks style="" attributes, so a bar's width is one of
the classes bar-0 ... bar-100 in static/css/bars.css.
"""

from django import template

register = template.Library()


@register.filter
def bar_width(percent) -> str:
    """The class for `percent`, clamped to 0-100 (an over-filled quota is a full bar)."""
    try:
        value = round(float(percent))
    except (TypeError, ValueError):
        value = 0
    return f"bar-{min(max(value, 0), 100)}"
