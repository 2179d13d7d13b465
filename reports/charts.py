"""Charts for the PDF documents, drawn as inline SVG.

WeasyPrint renders inline SVG itself, so a chart needs no image library, no
JavaScript and no network: a pure function turns rows into markup. Labels come
from the database (region names typed by staff), so every text is escaped.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from events.numbers import number_id

NO_DATA = "belum ada data"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None  # None: no data yet, drawn as a note instead of a bar
    emphasis: bool = False  # a total row: drawn in another colour, label in bold


def format_decimal(value: Decimal, places: int = 2) -> str:
    """`69,50` for 69.5: Indonesian decimal comma and dots between thousands."""
    return number_id(value, places)


def format_percent(value: Decimal) -> str:
    """`85 %` for a whole number, `69,50 %` otherwise."""
    if value == value.to_integral_value():
        return f"{format_decimal(value, 0)} %"
    return f"{format_decimal(value)} %"


@dataclass(frozen=True)
class _BarPlot:
    """Where a horizontal bar chart draws: labels left of `label_width`, bars right of it."""

    label_width: int
    plot_width: int
    maximum: Decimal
    top: int
    bottom: int
    bar_height: int
    gap: int

    def x_of(self, value: Decimal) -> float:
        """How far right of the labels `value` lies (clipped to the plot)."""
        maximum = self.maximum
        share = min(max(value / maximum, Decimal(0)), Decimal(1)) if maximum else Decimal(0)
        return round(float(share) * self.plot_width, 2)


def horizontal_bar_chart(
    bars: Sequence[Bar],
    *,
    target: Decimal | None = None,
    maximum: Decimal = Decimal("100"),
    width: int = 640,
    label_width: int = 170,
    bar_height: int = 16,
    gap: int = 6,
    target_label: str = "Target",
) -> SafeString:
    """A horizontal bar chart of percentages with an optional dashed target line.

    Bar lengths are proportional to `value / maximum` of the plot width; a
    value above `maximum` is clipped to the plot.
    """
    value_width = 70
    top = 18  # room for the target label above the first bar
    height = top + len(bars) * (bar_height + gap) + 16
    plot = _BarPlot(
        label_width=label_width,
        plot_width=width - label_width - value_width,
        maximum=maximum,
        top=top,
        bottom=top + len(bars) * (bar_height + gap),
        bar_height=bar_height,
        gap=gap,
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'font-family="Doc Sans, Liberation Sans, sans-serif" font-size="10">'
    ]
    # The target line first, so that bars and their values are drawn over it.
    if target is not None:
        parts += _target_line(plot, target=target, label=target_label)
    for index, bar in enumerate(bars):
        parts += _bar(plot, index=index, bar=bar)
    parts += _value_axis(plot)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def _target_line(plot: _BarPlot, *, target: Decimal, label: str) -> list[str]:
    x = plot.label_width + plot.x_of(target)
    return [
        f'<line class="target" x1="{x}" y1="{plot.top - 6}" x2="{x}" y2="{plot.bottom}" '
        f'stroke="#d4a017" stroke-width="1.5" stroke-dasharray="4 3"/>',
        f'<text x="{x}" y="{plot.top - 8}" text-anchor="middle" font-size="9" '
        f'font-weight="bold">{escape(label)} {format_percent(target)}</text>',
    ]


def _bar(plot: _BarPlot, *, index: int, bar: Bar) -> list[str]:
    """A bar's label, then its bar and value, or the note that it has no data yet."""
    label_width = plot.label_width
    y = plot.top + index * (plot.bar_height + plot.gap)
    text_y = y + plot.bar_height * 0.72
    weight = ' font-weight="bold"' if bar.emphasis else ""
    parts = [
        f'<text x="{label_width - 6}" y="{text_y}" text-anchor="end"{weight}>'
        f"{escape(bar.label)}</text>"
    ]
    if bar.value is None:
        parts.append(
            f'<text x="{label_width + 4}" y="{text_y}" fill="#666" '
            f'font-style="italic">{NO_DATA}</text>'
        )
        return parts
    bar_width = plot.x_of(bar.value)
    parts.append(
        f'<rect class="bar" x="{label_width}" y="{y}" width="{bar_width}" '
        f'height="{plot.bar_height}" fill="{"#1f3b63" if bar.emphasis else "#7a0f12"}"/>'
    )
    parts.append(
        f'<text x="{label_width + bar_width + 4}" y="{text_y}">{format_decimal(bar.value)} %</text>'
    )
    return parts


def _value_axis(plot: _BarPlot) -> list[str]:
    """The line left of the bars, and the scale under them at every quarter."""
    label_width = plot.label_width
    parts = [
        f'<line x1="{label_width}" y1="{plot.top - 4}" x2="{label_width}" y2="{plot.bottom}" '
        f'stroke="#000" stroke-width="0.8"/>'
    ]
    for tick in range(0, 101, 25):
        tick_value = plot.maximum * tick / 100
        x = label_width + plot.x_of(tick_value)
        parts.append(
            f'<text x="{x}" y="{plot.bottom + 11}" text-anchor="middle" font-size="8" '
            f'fill="#444">{format_decimal(tick_value, 0)}</text>'
        )
    return parts


def grouped_column_chart(
    groups: Sequence[tuple[str, Sequence[Decimal]]],
    *,
    series: Sequence[str],
    maximum: Decimal = Decimal("100"),
    width: int = 640,
    height: int = 210,
    colours: Sequence[str] = ("#7a0f12", "#1f3b63", "#9a9a9a"),
) -> SafeString:
    """Columns side by side per group (e.g. the pre-test's and the post-test's share of
    people per band of score), with a legend; values are percentages of `maximum`."""
    left, right, top, bottom = 34, 10, 26, 22
    plot_width, plot_height = width - left - right, height - top - bottom
    count = max(len(series), 1)
    slot = plot_width / max(len(groups), 1)
    column = min(34.0, slot * 0.8 / count)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'font-family="Doc Sans, Liberation Sans, sans-serif" font-size="10">'
    ]
    for tick in range(0, 101, 25):
        y = round(top + plot_height - plot_height * tick / 100, 2)
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#ccc" '
            f'stroke-width="0.5"/><text x="{left - 4}" y="{y + 3}" text-anchor="end" '
            f'font-size="8" fill="#444">{format_decimal(maximum * tick / 100, 0)}</text>'
        )
    for index, (label, values) in enumerate(groups):
        x0 = left + index * slot + (slot - column * count) / 2
        for number, value in enumerate(values):
            share = min(max(value / maximum, Decimal(0)), Decimal(1)) if maximum else Decimal(0)
            bar_height = round(float(share) * plot_height, 2)
            x = round(x0 + number * column, 2)
            y = round(top + plot_height - bar_height, 2)
            parts.append(
                f'<rect class="bar" x="{x}" y="{y}" width="{round(column - 2, 2)}" '
                f'height="{bar_height}" fill="{colours[number % len(colours)]}"/>'
                f'<text x="{round(x + (column - 2) / 2, 2)}" y="{y - 2}" text-anchor="middle" '
                f'font-size="7.5">{format_decimal(value, 0)}</text>'
            )
        parts.append(
            f'<text x="{round(left + index * slot + slot / 2, 2)}" y="{height - 8}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - right}" '
        f'y2="{top + plot_height}" stroke="#000" stroke-width="0.8"/>'
    )
    for number, name in enumerate(series):
        x = left + number * 110
        parts.append(
            f'<rect x="{x}" y="4" width="10" height="10" '
            f'fill="{colours[number % len(colours)]}"/>'
            f'<text x="{x + 14}" y="13">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
