"""Every UI string has a Chinese translation, and the committed compiled catalog matches the source."""
from __future__ import annotations

import ast
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


def _calls_inside_f_strings(tree):
    """Translation calls written inside an f-string, where Babel's extractor does not look."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) in {"_", "_l", "ngettext", "lazy_gettext"}:
                    yield inner.lineno


def test_no_translation_call_hides_inside_an_f_string():
    found = [f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / "courseware").rglob("*.py"))
             for line in _calls_inside_f_strings(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == [], "translate the label outside the f-string, or Babel drops it from the catalog"


def test_the_finder_sees_a_call_inside_an_f_string():
    assert list(_calls_inside_f_strings(ast.parse("x = f\"{_('Quiz')}: {name}\""))) == [1]


def test_the_interface_addresses_the_user_as_nin_throughout():
    """The Chinese interface says 您 to its user, never 你 (the course text, written to learners, is apart)."""
    with (CATALOG / "messages.po").open("rb") as f:
        familiar = [m.id for m in read_po(f) if m.id and "你" in "".join(m.string if isinstance(m.string, tuple) else [m.string])]
    assert familiar == []
