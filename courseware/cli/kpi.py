"""`flask kpi import FILE.csv`: HR's sales KPI figures (evaluation level 4)."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from courseware.catalog.current import current_catalog
from courseware.cli.problems import exit_with_problems
from courseware.people.csv_import import ImportFailed, read_file

kpi_cli = AppGroup("kpi", help="Sales KPI figures (evaluation level 4).")


@kpi_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def kpi_import_command(csv_file: Path) -> None:
    """Import KPI figures (username,month,kpi,value): every row valid, or nothing imported."""
    from courseware.evaluation.results import import_kpis
    from courseware.people import import_log

    try:
        result = import_kpis(current_catalog(), read_file(csv_file))
    except ImportFailed as exc:
        exit_with_problems(exc, csv_file)
    import_log.record("kpis", csv_file.name, result.added + len(result.replaced), "cli")
    for note in result.replaced:
        click.echo(note.located(str(csv_file)))
    click.echo(f"Imported {result.added} new figure(s); replaced {len(result.replaced)}.")


COMMANDS = (kpi_cli,)
