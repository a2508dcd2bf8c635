"""`flask quiz-stats`: Moodle's quiz statistics of a marks CSV (e.g. a paper test)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from courseware.quizzes.quizstats import quiz_statistics


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


COMMANDS = (quiz_stats,)
