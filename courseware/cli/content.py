"""`flask content check` and `flask content coverage`: the course files."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from courseware.catalog.coverage import item_order
from courseware.catalog.current import current_catalog

content_cli = AppGroup("content", help="Check the course content files.")


@content_cli.command("check")
def content_check() -> None:
    """Validate every content file; print each problem as path:line: message."""
    problems = current_app.extensions["catalog_problems"]
    catalog = current_catalog()
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(
        f"Content OK: {len(catalog.modules)} modules, {catalog.section_count} sections, "
        f"{len(catalog.glossary)} glossary terms, {len(catalog.coverage)} outline items mapped, "
        f"{len(catalog.quizzes)} quizzes, {len(catalog.scenarios)} scenarios."
    )
    practiced = sorted({item for s in catalog.scenarios.values() for item in s.items}, key=item_order)
    click.echo(f"Role plays practice {len(practiced)} of {len(catalog.coverage)} outline items: {', '.join(practiced)}.")


@content_cli.command("coverage")
def content_coverage() -> None:
    """Rewrite the `questions` lists of content/coverage.yaml from the questions' `examines` fields."""
    from courseware.catalog.coverage_file import write_coverage

    path = Path(current_app.config["CONTENT_DIR"]) / "coverage.yaml"
    counts = write_coverage(path, current_catalog())
    uncovered = [item for item, n in counts.items() if n == 0]
    click.echo(f"Wrote {path}: {sum(counts.values())} question links over {len(counts)} items.")
    if uncovered:
        click.echo(f"Items no question examines yet: {', '.join(uncovered)}")


COMMANDS = (content_cli,)
