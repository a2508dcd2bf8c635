"""A report figure: its value, the n behind it, what it is computed over, and its 95% interval; and the JSON
form of figure dataclasses (fields by name), as stored per cohort."""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# What a figure is computed over: key -> its description, shown beside the figure and written in the CSV.
BASES = {
    "learners": _l("all learners of the cohort"),
    "surveys": _l("learners who answered the module's survey"),
    "pretest": _l("learners with a pre-test, on the module's questions"),
    "posttest": _l("learners with a post-test, best attempt"),
    "paired": _l("learners with a pre-test and a post-test, on the questions both asked (pre-test under 100)"),
    "follow_ups": _l("follow-ups rated by the trainer"),
    "observations": _l("role-play observations (learners' ratings 1-5)"),
    "kpi_before": _l("learners with figures before the course: the mean of each learner's monthly figures, averaged"),
    "kpi_after": _l("learners with figures after the course: the mean of each learner's monthly figures, averaged"),
    "kpi_change": _l("learners with figures before and after: each learner's change in %, averaged"),
    "comparison": _l("comparison learners with figures in the same months before and after: each one's change in %, averaged"),
    "did": _l("trained learners' change minus the comparison group's change, in percentage points; n is trained + comparison"),
}


@dataclass(frozen=True)
class Figure:
    """One figure: `value` is None when there is nothing to compute it over; `basis` is a BASES key; `low` and
    `high` bound its 95% interval where one is given."""

    value: float | None
    n: int
    basis: str
    low: float | None = None
    high: float | None = None

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None


def to_json(obj) -> typing.Any:
    """A figure dataclass as JSON-ready dicts and lists, fields by name (dict keys as text)."""
    if dataclasses.is_dataclass(obj):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


def from_json(kind, data) -> typing.Any:
    """The inverse of `to_json` for the type `kind` (a dataclass, dict[K, V], list[V], X | None or a scalar)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if data is None:
        return None
    if origin in (typing.Union, types.UnionType):
        return from_json(next(a for a in args if a is not type(None)), data)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: from_json(hints[f.name], data[f.name]) for f in dataclasses.fields(kind) if f.name in data})
    if origin is dict:
        key, value = args
        return {key(k): from_json(value, v) for k, v in data.items()}
    if origin in (list, tuple):
        if _plain(args[0]):
            return data  # JSON numbers, text and lists of them are already what they say (and this is fast)
        return [from_json(args[0], v) for v in data]
    if kind is float:
        return float(data)
    return data


def _plain(kind) -> bool:
    """Whether JSON gives values of `kind` as they are: text, numbers, booleans, None, and lists of them."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return all(a is type(None) or _plain(a) for a in args)
    if origin is list:
        return _plain(args[0])
    return kind in (str, int, float, bool)


@functools.cache
def _hints(kind) -> dict:
    return typing.get_type_hints(kind)
