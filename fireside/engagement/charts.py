"""Small server-rendered SVG charts for the admin stats views: no JavaScript, no chart library."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]
    css_class: str


def line_chart(*, labels: list[str], series: list[Series], width: int = 720, height: int = 220) -> SafeString:
    """A line chart of daily values with an accessible title and a data table fallback left to the template."""
    pad_left, pad_bottom, pad_top = 40, 24, 10
    plot_w, plot_h = width - pad_left - 10, height - pad_bottom - pad_top
    peak = max([1] + [value for line in series for value in line.values])
    count = max(1, len(labels) - 1)

    def point(index: int, value: int) -> str:
        x = pad_left + plot_w * index / count
        y = pad_top + plot_h * (1 - value / peak)
        return f"{x:.1f},{y:.1f}"

    lines = format_html_join(
        "",
        '<polyline class="chart__line {}" fill="none" stroke-width="2" points="{}"><title>{}</title></polyline>',
        (
            (line.css_class, " ".join(point(i, v) for i, v in enumerate(line.values)), line.label)
            for line in series
        ),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        (
            (f"{pad_left + plot_w * i / count:.1f}", height - 6, label)
            for i, label in enumerate(labels)
            if i % max(1, len(labels) // 6) == 0 or i == len(labels) - 1
        ),
    )
    legend = format_html_join(
        "",
        '<text class="chart__legend {}" x="{}" y="{}" font-size="11">{}</text>',
        ((line.css_class, pad_left + 8 + 110 * i, pad_top + 12, line.label) for i, line in enumerate(series)),
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg"><title>Daily totals, peak {peak}</title>'
        '<line x1="{pl}" y1="{pt}" x2="{pl}" y2="{base}" stroke="currentColor"/>'
        '<line x1="{pl}" y1="{base}" x2="{right}" y2="{base}" stroke="currentColor"/>'
        '<text x="{tx}" y="{ty}" font-size="10" text-anchor="end">{peak}</text>'
        "{lines}{ticks}{legend}</svg>",
        w=width,
        h=height,
        peak=peak,
        pl=pad_left,
        pt=pad_top,
        base=pad_top + plot_h,
        right=width - 10,
        tx=pad_left - 4,
        ty=pad_top + 8,
        lines=lines,
        ticks=ticks,
        legend=legend,
    )
