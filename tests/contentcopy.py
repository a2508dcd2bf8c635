"""A private copy of the fixture course and quizzes to break on purpose, and what the catalog says of it."""
from __future__ import annotations

import shutil
from pathlib import Path

from courseware.catalog import load_catalog
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES


def copy_fixtures(folder: Path) -> Path:
    """content/ and quizzes/ copied side by side into `folder`; returns `folder`."""
    shutil.copytree(FIXTURE_CONTENT, folder / "content")
    shutil.copytree(FIXTURE_QUIZZES, folder / "quizzes")
    return folder


def problems_of(path: Path) -> list[str]:
    """Every problem of the copy that holds `path` (any file or folder in it), as "file name:line: message"."""
    root = next(p for p in (path, *path.parents) if (p / "content").is_dir() and (p / "quizzes").is_dir())
    _, problems = load_catalog(root / "content", root / "quizzes")
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)
