"""`flask gift import` and `flask gift export`: GIFT, Moodle's plain-text quiz format."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from courseware.catalog.current import current_catalog

gift_cli = AppGroup("gift", help="Import and export GIFT (Moodle's plain-text quiz format).")


@gift_cli.command("import")
@click.argument("gift_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bank", "bank_id", required=True, help="The bank to add the questions to (created if new).")
def gift_import(gift_file: Path, bank_id: str) -> None:
    """Read a GIFT file into quizzes/BANK.yaml; questions that cannot map are reported and skipped."""
    from courseware.catalog.banks import ID_PATTERN
    from courseware.quizzes.gift.banks import import_gift

    if not ID_PATTERN.match(bank_id):
        raise click.ClickException(f"bank '{bank_id}': use lowercase ASCII words joined by '-'")
    try:
        source = gift_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{gift_file}:1: the file is not UTF-8 text ({exc.reason})") from exc
    target = Path(current_app.config["QUIZ_DIR"]) / f"{bank_id}.yaml"
    result = import_gift(source, target)
    for skipped in result.skipped:
        click.echo(f"{gift_file}:{skipped.line}: skipped {skipped.kind}: {skipped.reason}", err=True)
    for line, note in result.notes:
        click.echo(f"{gift_file}:{line}: note: {note}", err=True)
    if result.problems:
        for problem in result.problems:
            click.echo(f"{target}:{problem}", err=True)
        raise click.ClickException("the bank would not load; nothing was written")
    if not result.counts:
        raise click.ClickException(f"{gift_file}: no question could be imported; nothing was written")
    summary = ", ".join(f"{kind} {n}" for kind, n in sorted(result.counts.items())) or "none"
    click.echo(f"Imported {sum(result.counts.values())} question(s) into {target} ({summary}); "
               f"skipped {len(result.skipped)}. Imported text fills both languages and is marked `translate: true`.")


@gift_cli.command("export")
@click.argument("bank_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write to this file.")
@click.option("--lang", type=click.Choice(["zh-Hans", "en"]), default="zh-Hans", show_default=True)
def gift_export(bank_id: str, output: Path | None, lang: str) -> None:
    """Write a bank as GIFT (to standard output, or to a file with -o)."""
    from courseware.quizzes.gift.banks import export_gift

    bank = current_catalog().banks.get(bank_id)
    if bank is None:
        raise click.ClickException(f"no bank '{bank_id}'")
    text, skipped = export_gift(bank, lang)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(bank.questions) - len(skipped)} question(s) to {output}.")
    else:
        sys.stdout.write(text)
    for question_id in skipped:
        click.echo(f"skipped {question_id}: ordering questions have no GIFT form", err=True)


COMMANDS = (gift_cli,)
