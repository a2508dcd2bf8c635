"""The effectiveness report's charts as inline SVG markup drawn from its figures: each has a <title> and a
<desc> (its text alternative, every value in words), and a missing value is drawn as "no data", never as 0."""
from __future__ import annotations

import math
from collections.abc import Sequence

from flask_babel import gettext as _
from markupsafe import Markup, escape

from courseware.evaluation.report.figures import Figure
from courseware.evaluation.report.numbers import number, points

ROW = 26  # px per row
FONT = 12  # px, the labels' size


def text_width(text: str, size: float = FONT) -> float:
    """A generous width of `text` in px: a CJK or full-width glyph is 1em, any other 0.62em."""
    return sum(size if ord(ch) >= 0x2E80 else 0.62 * size for ch in str(text))


def scale(value: float, low: float, high: float, x0: float, x1: float) -> float:
    """`value` on the domain [low, high] mapped to the pixels [x0, x1]."""
    return x0 + (value - low) / (high - low) * (x1 - x0)


def nice(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at least `value` (1 for 0)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def _r(v: float) -> str:
    return f"{v:.1f}"


def _svg(chart_id: str, width: float, height: float, title: str, desc: str, body: list[str], extra: str = "") -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--wide" id="{escape(chart_id)}" viewBox="0 0 {_r(width)} {_r(height)}" '
        f'width="{_r(width)}" role="img" aria-label="{escape(title)}: {escape(desc)}"{extra}>'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title><desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
        + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, cls: str = "chart__label", anchor: str = "start") -> str:
    return f'<text x="{_r(x)}" y="{_r(y)}" class="{cls}" text-anchor="{anchor}">{escape(text)}</text>'


def no_data() -> str:
    """The words drawn where a value is missing."""
    return _("no data")


def _no_data(x: float, y: float) -> str:
    return _text(x, y, no_data(), "chart__value chart__missing")


def results(chart_id: str, title: str, rows: Sequence[tuple[str, Figure, str]]) -> Markup:
    """The difference in differences of each KPI (label, difference figure in points, tone good/bad/neutral):
    a point with its 95% interval bar, colored by the KPI's good direction, about a zero line."""
    label_w = max([text_width(label) for label, _f, _t in rows] + [60]) + 12
    ends = [abs(v) for _l, f, _t in rows if f.value is not None for v in (f.value, f.low, f.high) if v is not None]
    extent = nice(max(ends, default=1) * 1.05)
    x0, x1 = label_w + 30, label_w + 330
    value_w = max(text_width(points(-extent, signed=True)) + 10, text_width(_("no data")) + 10, 90)
    height = ROW * len(rows) + 36
    body = [f'<line class="chart__axis" x1="{_r(x0)}" x2="{_r(x1)}" y1="{height - 24}" y2="{height - 24}"/>',
            f'<line class="chart__zero" x1="{_r(scale(0, -extent, extent, x0, x1))}" x2="{_r(scale(0, -extent, extent, x0, x1))}" y1="4" y2="{height - 24}"/>']
    for tick in (-extent, 0, extent):
        body.append(_text(scale(tick, -extent, extent, x0, x1), height - 8, points(tick, 0, signed=True), "chart__value", "middle"))
    words = []
    for i, (label, f, tone) in enumerate(rows):
        y = 4 + i * ROW + ROW / 2
        body.append(_text(0, y + 4, label))
        if f.value is None:
            body.append(_no_data(x0, y + 4))
            words.append(f"{label}: {no_data()}")
            continue
        if f.has_interval:
            body.append(f'<line class="chart__interval chart--{tone}" x1="{_r(scale(f.low, -extent, extent, x0, x1))}" '
                        f'x2="{_r(scale(f.high, -extent, extent, x0, x1))}" y1="{_r(y)}" y2="{_r(y)}"/>')
        body.append(f'<circle class="chart__point chart--{tone}" cx="{_r(scale(f.value, -extent, extent, x0, x1))}" cy="{_r(y)}" r="5"/>')
        body.append(_text(x1 + 12, y + 4, points(f.value, signed=True), "chart__value"))
        interval = f" ({points(f.low, signed=True)} … {points(f.high, signed=True)})" if f.has_interval else ""
        words.append(f"{label}: {points(f.value, signed=True)}{interval}")
    return _svg(chart_id, x1 + 12 + value_w, height, title, "; ".join(words), body,
                f' data-min="{-extent}" data-max="{extent}" data-x0="{_r(x0)}" data-x1="{_r(x1)}"')


def dumbbell(chart_id: str, title: str, rows: Sequence[tuple[str, Figure | None, Figure | None]],
             pre_label: str, post_label: str) -> Markup:
    """Pre-test to post-test of each module (label, pre figure, post figure) on 0-100: two dots and a bar."""
    label_w = max([text_width(label) for label, _p, _q in rows] + [60]) + 12
    x0, x1 = label_w + 10, label_w + 310
    legend_y = ROW * len(rows) + 34
    body = [f'<line class="chart__axis" x1="{_r(x0)}" x2="{_r(x1)}" y1="{legend_y - 30}" y2="{legend_y - 30}"/>']
    body += [_text(scale(t, 0, 100, x0, x1), legend_y - 16, number(t, 0), "chart__value", "middle") for t in (0, 50, 100)]
    words = []
    for i, (label, pre, post) in enumerate(rows):
        y = 4 + i * ROW + ROW / 2
        body.append(_text(0, y + 4, label))
        have = [(f, cls) for f, cls in ((pre, "chart__pre"), (post, "chart__post")) if f is not None and f.value is not None]
        if len(have) == 2:
            body.append(f'<line class="chart__bar-link" x1="{_r(scale(pre.value, 0, 100, x0, x1))}" x2="{_r(scale(post.value, 0, 100, x0, x1))}" y1="{_r(y)}" y2="{_r(y)}"/>')
        body += [f'<circle class="{cls}" cx="{_r(scale(f.value, 0, 100, x0, x1))}" cy="{_r(y)}" r="5"/>' for f, cls in have]
        if len(have) < 2:
            body.append(_no_data(x1 + 12, y + 4))
        words.append(f"{label}: {pre_label} {number(pre.value if pre else None)}, {post_label} {number(post.value if post else None)}")
    body += [f'<circle class="chart__pre" cx="{_r(x0 + 5)}" cy="{legend_y + 6}" r="5"/>', _text(x0 + 14, legend_y + 10, pre_label),
             f'<circle class="chart__post" cx="{_r(x0 + 34 + text_width(pre_label))}" cy="{legend_y + 6}" r="5"/>',
             _text(x0 + 43 + text_width(pre_label), legend_y + 10, post_label)]
    width = max(x1 + 20 + text_width(_("no data")), x0 + 60 + text_width(pre_label) + text_width(post_label))
    return _svg(chart_id, width, legend_y + 18, title, "; ".join(words), body)


def likert(chart_id: str, title: str, rows: Sequence[tuple[str, Sequence[int]]], scale_labels: Sequence[str]) -> Markup:
    """Answers 1-5 of each survey item (label, five counts) as one 100% bar, with a legend of the scale."""
    label_w = max([text_width(label) for label, _c in rows] + [60]) + 12
    x0, x1 = label_w, label_w + 300
    body, words = [], []
    for i, (label, counts) in enumerate(rows):
        y = 4 + i * ROW
        body.append(_text(0, y + 17, label))
        total = sum(counts)
        if not total:
            body.append(_no_data(x0, y + 17))
            words.append(f"{label}: {no_data()}")
            continue
        left = x0
        for answer, count in enumerate(counts, start=1):
            width = (x1 - x0) * count / total
            if count:
                body.append(f'<rect class="likert likert--{answer}" x="{_r(left)}" y="{y + 4}" width="{_r(width)}" height="16"/>')
            left += width
        words.append(f"{label}: " + ", ".join(f"{s} {c}" for s, c in zip(scale_labels, counts, strict=False)))
    legend_y, left, line = ROW * len(rows) + 10, 0.0, 0
    width = max(x1 + 10, 420)
    for answer, name in enumerate(scale_labels, start=1):
        need = 18 + text_width(name) + 14
        if left + need > width:
            left, line = 0.0, line + 1
        y = legend_y + line * 20
        body += [f'<rect class="likert likert--{answer}" x="{_r(left)}" y="{y}" width="12" height="12"/>',
                 _text(left + 16, y + 11, name)]
        left += need
    return _svg(chart_id, width, legend_y + (line + 1) * 20 + 4, title, "; ".join(words), body)


def trend(chart_id: str, title: str, points_by_day: Sequence[tuple[str, Figure | None]]) -> Markup:
    """The checklist rating 1-5 at each follow-up (label, figure): dots joined where neighbors both have one,
    and "no data" where a follow-up has none."""
    height, top, bottom = 170, 12, 130
    left, step = 40, max([text_width(label) for label, _f in points_by_day] + [60]) + 40
    body = [f'<line class="chart__axis" x1="{left}" x2="{left}" y1="{top}" y2="{bottom}"/>']
    for tick in (1, 3, 5):
        y = scale(tick, 1, 5, bottom, top)
        body += [_text(left - 6, y + 4, str(tick), "chart__value", "end"),
                 f'<line class="chart__grid" x1="{left}" x2="{_r(left + step * len(points_by_day))}" y1="{_r(y)}" y2="{_r(y)}"/>']
    previous, words = None, []
    for i, (label, f) in enumerate(points_by_day):
        x = left + step * i + step / 2
        body.append(_text(x, height - 18, label, "chart__label", "middle"))
        if f is None or f.value is None:
            body.append(_text(x, (top + bottom) / 2, _("no data"), "chart__value chart__missing", "middle"))
            words.append(f"{label}: {no_data()}")
            previous = None
            continue
        y = scale(f.value, 1, 5, bottom, top)
        if previous:
            body.append(f'<line class="chart__link" x1="{_r(previous[0])}" y1="{_r(previous[1])}" x2="{_r(x)}" y2="{_r(y)}"/>')
        body += [f'<circle class="chart__post" cx="{_r(x)}" cy="{_r(y)}" r="5"/>',
                 _text(x + 9, y - 6, number(f.value, 2), "chart__value")]
        words.append(f"{label}: {number(f.value, 2)} (n {f.n})")
        previous = (x, y)
    return _svg(chart_id, left + step * len(points_by_day) + 10, height, title, "; ".join(words), body)
