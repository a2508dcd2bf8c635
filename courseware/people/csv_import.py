"""The CSV imports' one reader (users, KPIs): text in, typed rows or `FILE:LINE: reason` problems out, all or nothing.

An import reads its text (the CLI from a file, the web from the upload) with `decode` or `read_file`, splits it into
`Record`s with `read_records` (header, row length, blank lines, values stripped), turns each record into its own
frozen dataclass (a row) or `Problem`s, and raises `ImportFailed` with every problem before anything is written.
A problem keeps its English message and its values apart: the CLI prints it in English, a page in the user's
language (`ImportFailed.lines(shown, gettext)`), always prefixed with the file's name as shown to that user.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from courseware.core.inputs import text_problem

Translate = Callable[..., str]  # flask_babel.gettext: (message, **values) -> text


def N_(message: str) -> str:
    """Mark a message for the translation catalog; it is translated when shown (Babel extracts `N_`)."""
    return message


def english(message: str, **values: object) -> str:
    """A message in English, the way gettext fills it in (no values: the message as it is)."""
    return message % values if values else message


@dataclass(frozen=True)
class Problem:
    """Why one line of the file cannot be imported (line 1 for the file as a whole or its header)."""

    line: int
    message: str  # an English message marked with N_, with %(name)s placeholders
    values: Mapping[str, object] = field(default_factory=dict)

    def reason(self, translate: Translate = english) -> str:
        """The message with its values filled in, in English or through `translate` (gettext)."""
        return translate(self.message, **self.values)

    def located(self, shown: str, translate: Translate = english) -> str:
        """`FILE:LINE: reason`, the file named as the reader knows it (a path, or the uploaded file's name)."""
        return f"{shown}:{self.line}: {self.reason(translate)}"


Note = Problem  # the same `FILE:LINE: text` shape for what an import did to a line (a KPI figure replaced)


class ImportFailed(Exception):
    """The file has bad rows: `problems` holds every one, by line; nothing was imported."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: p.line)  # stable: a line's reasons keep their order
        super().__init__("\n".join(p.located("<file>") for p in self.problems))

    def lines(self, shown: str, translate: Translate = english) -> list[str]:
        """Every problem as `FILE:LINE: reason`, in line order."""
        return [p.located(shown, translate) for p in self.problems]


@dataclass(frozen=True)
class Record:
    """One non-blank data line: its line number and the stripped value of each expected column."""

    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        """The value of `column` (one of the import's columns), stripped."""
        return self.values[column]


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without the byte-order mark Excel writes; anything else is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([Problem(1, N_("the file is not UTF-8 text (%(reason)s)"), {"reason": exc.reason})]) from exc


def read_file(path: Path) -> str:
    """The text of a file named on the command line (see `decode`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([Problem(1, N_("cannot read the file (%(reason)s)"), {"reason": exc.strerror})]) from exc
    return decode(data)


def read_records(text: str, columns: Sequence[str]) -> tuple[list[Record], list[Problem]]:
    """Every non-blank data line of a CSV text whose header names `columns` (in any order, others ignored), and
    the Problems of lines with more values than the header. A missing column, or a file the csv module gives up
    on (a cell over 131,072 characters), stops the reading: ImportFailed."""
    lines = _CountedLines(text.lstrip("\ufeff"))
    reader = csv.reader(lines)
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise ImportFailed([Problem(1, N_("missing column(s) %(missing)s; expected %(expected)s"),
                                        {"missing": ", ".join(missing), "expected": ",".join(columns)})])
        position = {c: header.index(c) for c in columns}
        records, problems = [], []
        for cells in reader:
            line = reader.line_num
            values = {c: cells[i].strip() if i < len(cells) else "" for c, i in position.items()}
            if not any(values.values()) and not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                problems.append(Problem(line, N_("%(extra)s value(s) more than the %(columns)s columns"),
                                        {"extra": len(cells) - len(header), "columns": len(header)}))
            records.append(Record(line, values))
    except csv.Error as exc:  # a cell over csv.field_size_limit(), for one
        raise ImportFailed([_csv_problem(lines.count, exc)]) from exc
    return records, problems


def text_problems(record: Record, limits: Mapping[str, int]) -> list[Problem]:
    """A Problem for each value over its column's length or holding a control character (the forms' rule)."""
    problems = []
    for column, limit in limits.items():
        kind = text_problem(record[column], limit)
        if kind == "too_long":
            problems.append(Problem(record.line, N_("%(column)s is longer than %(limit)s characters"),
                                    {"column": column, "limit": f"{limit:,}"}))
        elif kind == "control":
            problems.append(Problem(record.line, N_("%(column)s contains a control character (such as NUL)"),
                                    {"column": column}))
    return problems


def missing_fields(record: Record, required: Iterable[str]) -> list[Problem]:
    """A Problem for each required column left empty."""
    return [Problem(record.line, N_("missing field '%(column)s'"), {"column": c}) for c in required if not record[c]]


def earlier_lines(records: Iterable[Record], key: Callable[[Record], Hashable | None]) -> dict[int, int]:
    """For each record whose key appeared before: its line -> the first line with that key (None keys skipped)."""
    first: dict[Hashable, int] = {}
    repeats = {}
    for record in records:
        value = key(record)
        if value is None:
            continue
        if value in first:
            repeats[record.line] = first[value]
        else:
            first[value] = record.line
    return repeats


def fail_if(problems: list[Problem]) -> None:
    """All or nothing: any problem stops the import before it writes."""
    if problems:
        raise ImportFailed(problems)


class _CountedLines:
    """The lines of a CSV text for csv.reader, counted: on a csv.Error, `count` is the line the reader stopped on
    (the reader's own line_num lags by one when a field fails before the end of its line)."""

    def __init__(self, text: str):
        self._lines, self.count = io.StringIO(text, newline=""), 0

    def __iter__(self) -> _CountedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        return line


def _csv_problem(line: int, exc: csv.Error) -> Problem:
    if "field limit" in str(exc):
        return Problem(line, N_("a value is longer than 131,072 characters; nothing was imported"))
    return Problem(line, N_("the CSV cannot be read (%(error)s); nothing was imported"), {"error": str(exc)})
