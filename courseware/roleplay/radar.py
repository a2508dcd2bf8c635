"""The competency radar's geometry: axes, wrapped labels with room in the viewBox, and series with gaps for missing values."""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

RADIUS = 110.0
FONT = 12.0  # the labels' font size in user units (.radar__label)
LINE = 1.5 * FONT  # a label line's height, generous enough for CJK fonts' ascent and descent
GAP = 10.0  # between the outer ring and a label
PADDING = 6.0
WRAP = 7.5 * FONT  # a label wider than this is wrapped


@dataclass(frozen=True)
class Label:
    x: float
    lines: list[tuple[float, str]]  # (baseline y, text)
    anchor: str  # start, middle or end


@dataclass(frozen=True)
class Axis:
    end: tuple[float, float]
    label: Label


@dataclass(frozen=True)
class Series:
    name: str
    vertices: list[tuple[float, float]]  # the present values only: a missing value has no vertex
    missing: list[str]  # the competencies without a value
    closed: bool  # every value present: one filled polygon
    path: str  # the closed polygon, or else only the segments between neighboring present values


@dataclass(frozen=True)
class Radar:
    view_box: str
    axes: list[Axis]
    rings: list[str]  # polygon points of the 25, 50, 75 and 100 rings
    series: list[Series]

    @property
    def has_gaps(self) -> bool:
        return any(s.missing for s in self.series)


def text_width(text: str) -> float:
    """An upper estimate of a label's width: wide (CJK) glyphs 1em, capitals .75em, others .62em."""
    def glyph(char: str) -> float:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            return 1.0
        return 0.75 if char.isupper() else 0.62
    return FONT * sum(glyph(c) for c in text)


def wrap(text: str) -> list[str]:
    """Lines no wider than WRAP where the text allows: at spaces, or between wide glyphs."""
    spaced = " " in text.strip()
    wide = any(unicodedata.east_asian_width(c) in ("W", "F") for c in text)
    words = text.split() if spaced else list(text) if wide else [text]
    joiner = " " if spaced else ""
    lines: list[str] = []
    for word in words:
        if lines and text_width(lines[-1] + joiner + word) <= WRAP:
            lines[-1] += joiner + word
        else:
            lines.append(word)
    return lines or [""]


def _point(index: int, count: int, distance: float) -> tuple[float, float]:
    angle = -math.pi / 2 + index * 2 * math.pi / count
    return round(distance * math.cos(angle), 1) + 0.0, round(distance * math.sin(angle), 1) + 0.0  # no -0.0


def _label(index: int, count: int, text: str) -> tuple[Label, tuple[float, float, float, float]]:
    """The label beyond an axis' end and its box (left, top, right, bottom)."""
    x, y = _point(index, count, RADIUS + GAP)
    lines = wrap(text)
    width, height = max(text_width(line) for line in lines), LINE * len(lines)
    dx, dy = x / (RADIUS + GAP), y / (RADIUS + GAP)
    anchor = "start" if dx > .3 else "end" if dx < -.3 else "middle"
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    top = y - height if dy < -.3 else y if dy > .3 else y - height / 2
    baselines = [round(top + LINE * n + (LINE + FONT) / 2 - FONT * .15, 1) for n in range(len(lines))]
    return Label(x, list(zip(baselines, lines, strict=True)), anchor), (left, top, left + width, top + height)


def _series(name: str, values: list[float | None], competencies: list[str]) -> Series:
    count = len(values)
    points = [_point(i, count, RADIUS * v / 100) if v is not None else None for i, v in enumerate(values)]
    missing = [c for c, v in zip(competencies, values, strict=True) if v is None]
    if not missing:
        return Series(name, points, missing, True, "M" + " L".join(f"{x},{y}" for x, y in points) + " Z")
    segments = [f"M{a[0]},{a[1]} L{b[0]},{b[1]}" for a, b in zip(points, points[1:] + points[:1], strict=True)
                if a is not None and b is not None]
    return Series(name, [p for p in points if p is not None], missing, False, " ".join(segments))


def draw(labels: dict[str, str], series: dict[str, dict[str, float | None]]) -> Radar:
    """The radar of `series` (name -> competency -> 0-100 or None) over the competencies named in `labels`."""
    competencies, count = list(labels), len(labels)
    axes, boxes = [], [(-RADIUS, -RADIUS, RADIUS, RADIUS)]
    for index, competency in enumerate(competencies):
        label, box = _label(index, count, labels[competency])
        axes.append(Axis(_point(index, count, RADIUS), label))
        boxes.append(box)
    left, top = min(b[0] for b in boxes) - PADDING, min(b[1] for b in boxes) - PADDING
    right, bottom = max(b[2] for b in boxes) + PADDING, max(b[3] for b in boxes) + PADDING
    rings = [" ".join(f"{x},{y}" for x, y in (_point(i, count, RADIUS * level / 100) for i in range(count)))
             for level in (25, 50, 75, 100)]
    drawn = [_series(name, [values.get(c) for c in competencies], competencies) for name, values in series.items()]
    return Radar(f"{left:.1f} {top:.1f} {right - left:.1f} {bottom - top:.1f}", axes, rings, drawn)
