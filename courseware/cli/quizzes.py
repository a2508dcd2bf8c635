"""`flask` commands for quizzes: quiz-stats (Moodle statistics of a marks CSV), gift import and export."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from courseware.quizzes.quizstats import quiz_statistics

gift_cli = AppGroup("gift", help="Import and export GIFT (Moodle's plain-text quiz format).")


def read_marks(path: Path, max_marks: str | None) -> tuple[list[str], list[list[float | None]], list[float]]:
    """Header row of question ids, then one row of marks per attempt (empty: the question was not given)."""
    problems = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}:1: cannot read the file ({exc})") from exc
    reader = csv.reader(text.splitlines())
    ids = [h.strip() for h in next(reader, [])]
    if not ids or any(not i for i in ids):
        raise click.ClickException(f"{path}:1: the first row must name every question")
    rows, lines = [], []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(ids):
            problems.append(f"{path}:{line}: {len(row)} marks for {len(ids)} questions")
            continue
        marks = []
        for column, cell in zip(ids, row):
            try:
                marks.append(float(cell) if cell.strip() else None)
            except ValueError:
                problems.append(f"{path}:{line}: mark '{cell}' for {column} is not a number")
                marks.append(None)
        rows.append(marks)
        lines.append(line)
    maxima = [1.0] * len(ids)
    if max_marks:
        try:
            maxima = [float(v) for v in max_marks.split(",")]
        except ValueError:
            problems.append(f"--max-marks: '{max_marks}' is not a comma-separated list of numbers")
        if len(maxima) != len(ids):
            problems.append(f"--max-marks: {len(maxima)} values for {len(ids)} questions")
    for line, row in zip(lines, rows):
        for column, (mark, maximum) in enumerate(zip(row, maxima)):
            if mark is not None and not 0 <= mark <= maximum:
                problems.append(f"{path}:{line}: mark {mark:g} for {ids[column]} is outside 0..{maximum:g}")
    if problems:
        raise click.ClickException("\n".join(problems))
    return ids, rows, maxima


@click.command("quiz-stats")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--max-marks", help="Maximum mark of each question, comma-separated (default 1 each).")
def quiz_stats(csv_file: Path, max_marks: str | None) -> None:
    """Moodle's quiz statistics of a marks CSV (e.g. a paper test), printed as JSON."""
    ids, rows, maxima = read_marks(csv_file, max_marks)
    result = quiz_statistics(ids, rows, maxima)
    output = {
        "questions": [
            {"id": q.id, "facility": q.facility, "sd": q.sd, "discrimination_index": q.discrimination_index,
             "discriminative_efficiency": q.discriminative_efficiency}
            for q in result.questions
        ],
        **{key: getattr(result, key) for key in
           ("mean", "median", "sd", "skewness", "kurtosis", "cic", "error_ratio", "standard_error")},
    }
    click.echo(json.dumps(output, indent=2))


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

    bank = current_app.extensions["catalog"].banks.get(bank_id)
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


kpi_cli = AppGroup("kpi", help="Sales KPI figures (evaluation level 4).")


@kpi_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def kpi_import_command(csv_file: Path) -> None:
    """Import KPI figures (username,month,kpi,value): every row valid, or nothing imported."""
    from courseware.evaluation.results import KpiImportFailed, import_kpis

    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        click.echo(f"{csv_file}:1: the file is not UTF-8 text ({exc.reason})", err=True)
        sys.exit(1)
    try:
        result = import_kpis(current_app.extensions["catalog"], text, str(csv_file))
    except KpiImportFailed as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo(f"{len(exc.problems)} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    for line in result.replaced:
        click.echo(f"{line}")
    click.echo(f"Imported {result.added} new figure(s); replaced {len(result.replaced)}.")


def register(app: Flask) -> None:
    app.cli.add_command(quiz_stats)
    app.cli.add_command(gift_cli)
    app.cli.add_command(kpi_cli)
