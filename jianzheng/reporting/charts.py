"""Bar charts drawn on the server as SVG: no script, no CDN, nothing the CSP must allow (colours
are presentation attributes, not style). Each chart is hidden from screen readers in favour of
the panel's text summary and table."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jianzheng.reporting.census import Table

ROW_H, LABEL_W, BAR_W, GAP = 22, 180, 300, 6
MAX_BARS = 15


def bar_chart(table: Table) -> SafeString:
    rows = [r for r in table.rows if isinstance(r[1], int)][:MAX_BARS]
    if not rows:
        return mark_safe("")
    top = max(r[1] for r in rows) or 1
    height = len(rows) * ROW_H + GAP
    width = LABEL_W + BAR_W + 60
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-hidden="true" focusable="false">'
    ]
    for i, (label, value, *_rest) in enumerate(rows):
        y = GAP + i * ROW_H
        w = max(round(BAR_W * value / top), 1 if value else 0)
        text = str(label)
        short = text if len(text) <= 12 else text[:11] + "…"
        parts.append(
            f"<g><title>{escape(text)}：{value}</title>"
            f'<text x="{LABEL_W - 6}" y="{y + 14}" text-anchor="end" font-size="12">{escape(short)}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{w}" height="{ROW_H - GAP}" fill="#1d70b8"/>'
            f'<text x="{LABEL_W + w + 4}" y="{y + 14}" font-size="12">{value}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
