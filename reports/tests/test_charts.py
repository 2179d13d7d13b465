import re
from decimal import Decimal

from reports.charts import Bar, format_decimal, format_percent, horizontal_bar_chart


def bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect class="bar"[^>]* width="([0-9.]+)"', svg)]


def test_bar_widths_are_proportional_to_the_values():
    svg = horizontal_bar_chart(
        [Bar("A", Decimal("25")), Bar("B", Decimal("50")), Bar("C", Decimal("100"))],
        width=600,
        label_width=130,
    )
    plot = 600 - 130 - 70
    assert bar_widths(svg) == [plot / 4, plot / 2, plot]


def test_a_value_above_the_maximum_is_clipped_to_the_plot():
    svg = horizontal_bar_chart([Bar("A", Decimal("150"))], width=600, label_width=130)
    assert bar_widths(svg) == [400.0]


def test_labels_are_escaped():
    svg = horizontal_bar_chart([Bar("<b>Tebo</b> & Ilir", Decimal("60"))])
    assert "&lt;b&gt;Tebo&lt;/b&gt; &amp; Ilir" in svg
    assert "<b>" not in svg


def test_missing_value_reads_belum_ada_data_instead_of_a_bar():
    svg = horizontal_bar_chart([Bar("Sumay", None), Bar("Tebo Ilir", Decimal("62.5"))])
    assert "belum ada data" in svg
    assert len(bar_widths(svg)) == 1


def test_target_line_sits_at_the_target_value():
    svg = horizontal_bar_chart(
        [Bar("A", Decimal("60"))], target=Decimal("85"), width=600, label_width=130
    )
    x = float(re.search(r'<line class="target" x1="([0-9.]+)"', svg).group(1))
    assert x == 130 + 400 * 0.85
    assert "Target 85 %" in svg


def test_no_target_line_without_a_target():
    assert 'class="target"' not in horizontal_bar_chart([Bar("A", Decimal("60"))])


def test_values_use_indonesian_decimal_commas():
    svg = horizontal_bar_chart([Bar("A", Decimal("69.5"))])
    assert "69,50 %" in svg


def test_numbers_are_written_the_indonesian_way():
    assert format_decimal(Decimal("262261"), 0) == "262.261"
    assert format_decimal(Decimal("1234.5")) == "1.234,50"
    assert format_percent(Decimal("85.00")) == "85 %"
    assert format_percent(Decimal("69.5")) == "69,50 %"
