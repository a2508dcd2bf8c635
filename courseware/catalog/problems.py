"""Problems found in content files, reported as `path:line: message`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CatalogError(Exception):
    """The content files are broken; the app must not start."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ProblemLog:
    """Collects the problems of one file so every problem is reported, not just the first."""

    def __init__(self, path: Path, sink: list[Problem]):
        self.path = path
        self.shown = display_path(path)
        self.sink = sink

    def add(self, line: int, message: str) -> None:
        self.sink.append(Problem(self.shown, max(line, 1), message))
