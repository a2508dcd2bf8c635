"""One way to send a download (CSV or Excel): one charset, never cached, and a file name that survives Chinese."""
from __future__ import annotations

import re
from urllib.parse import quote

from flask import Response

# What may stay in the plain `filename=` parameter: printable ASCII without quotes, backslashes or separators.
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._ -]+")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_disposition(filename: str, fallback: str) -> str:
    """`attachment` with an ASCII `filename=` for old clients and an RFC 5987 `filename*=UTF-8''...` for the rest."""
    plain = _UNSAFE_ASCII.sub("", fallback).strip() or "download.csv"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def csv_response(body: str, filename: str, fallback: str) -> Response:
    """A CSV body as a download named `filename` (any language), with `fallback` (ASCII) for old clients."""
    response = Response(body, mimetype="text/csv")  # Flask adds `; charset=utf-8` once for text types
    response.headers["Content-Disposition"] = content_disposition(filename, fallback)
    response.headers["Cache-Control"] = "no-store"  # grades and figures of named people
    return response


def xlsx_response(body: bytes, filename: str, fallback: str) -> Response:
    """An Excel workbook as a download, named like `csv_response`'s and never cached either."""
    response = Response(body, mimetype=XLSX)
    response.headers["Content-Disposition"] = content_disposition(filename, fallback)
    response.headers["Cache-Control"] = "no-store"
    return response
