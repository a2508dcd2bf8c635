"""How an import command reports a file it refused: every `FILE:LINE: reason` on stderr, then exit status 1."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from courseware.people.csv_import import ImportFailed


def exit_with_problems(failure: ImportFailed, path: Path) -> NoReturn:
    """Print each problem (in English: a command has no user language) and stop; nothing was imported."""
    for line in failure.lines(str(path)):
        click.echo(line, err=True)
    click.echo(f"{len(failure.problems)} problem(s); nothing was imported.", err=True)
    sys.exit(1)
