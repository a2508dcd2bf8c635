"""Every UI string has a Chinese translation, and the committed compiled catalog matches the source."""
from __future__ import annotations

import subprocess
import sys

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.conftest import ROOT

CATALOG = ROOT / "courseware" / "translations" / "zh_Hans" / "LC_MESSAGES"


def test_every_extracted_string_is_translated(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with (CATALOG / "messages.po").open("rb") as f:
        po = read_po(f)
    translated = {m.id for m in po if m.id and m.string and not m.fuzzy}
    assert sorted(map(str, wanted - translated)) == [], "run `make translations` and translate the new strings"


def _plain(value):
    """A message id or string; plural forms (a list or tuple) compared as a tuple."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_compiled_catalog_matches_the_po_file():
    with (CATALOG / "messages.po").open("rb") as f:
        po = {_plain(m.id): _plain(m.string) for m in read_po(f) if m.id}
    with (CATALOG / "messages.mo").open("rb") as f:
        mo = {_plain(m.id): _plain(m.string) for m in read_mo(f) if m.id}
    assert mo == po, "run `make translations` to recompile messages.mo"
