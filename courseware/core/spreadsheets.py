"""Excel workbooks for exports: typed cells with number formats, a frozen header row, and text never run as a formula."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd hh:mm"
_SHEET_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Number:
    """A number with its Excel number format (e.g. 0.0%, #,##0.00)."""

    value: float | int | None
    format: str = "General"


def new_workbook() -> Workbook:
    """A workbook without its default empty sheet."""
    book = Workbook()
    book.remove(book.active)
    return book


def put(cell, value: object) -> None:
    """One cell: numbers and dates stay typed; text is stored as text (a leading = is never a formula)."""
    if value is None or value == "":
        return
    if isinstance(value, Number):
        if value.value is not None:
            cell.value, cell.number_format = value.value, value.format
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, float)):
        cell.value = value
    elif isinstance(value, (datetime, date)):
        cell.value = value
        cell.number_format = DATE_TIME if isinstance(value, datetime) else DATE
    else:
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters XML cannot hold
        cell.data_type = "s"  # openpyxl reads a leading "=" as a formula: this keeps it text


def add_sheet(book: Workbook, title: str, headers: list[str], rows: list[list[object]],
              widths: dict[int, int] | None = None) -> None:
    """A sheet with a bold, frozen header row and one row per item of `rows`."""
    sheet = book.create_sheet(_SHEET_TITLE_UNSAFE.sub(" ", title)[:31] or "Sheet")
    for column, header in enumerate(headers, start=1):
        put(sheet.cell(row=1, column=column), header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = (widths or {}).get(column, 14)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(sheet.cell(row=row_number, column=column), value)
    sheet.freeze_panes = "A2"


def to_bytes(book: Workbook) -> bytes:
    """The workbook as an .xlsx file."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
