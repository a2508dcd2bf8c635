"""The course glossary: terms in both languages with a one-line definition."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from courseware.catalog.problems import ProblemLog
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml
from courseware.languages import LANGUAGES

TERM_KEYS = {"id", "module", "section", *LANGUAGES}


@dataclass(frozen=True)
class Term:
    id: str
    module: int
    section: str | None  # "module-slug#section-id"
    term: Mapping[str, str]
    definition: Mapping[str, str]


def load_glossary(path: Path, sections: Mapping[str, set[str]], sink: list) -> tuple[Term, ...]:
    """Read glossary.yaml; `sections` maps module folder names and slugs to their section ids."""
    if not path.is_file():
        return ()
    log = ProblemLog(path, sink)
    data = load_yaml(path, log)
    if data is None:
        return ()
    if not isinstance(data, LineList):
        log.add(1, "the glossary must be a list of terms")
        return ()
    terms: list[Term] = []
    seen: set[str] = set()
    for index, entry in enumerate(data):
        line = data.line_of(index)
        if not isinstance(entry, LineDict):
            log.add(line, "a term must be a mapping with id, module, section and one entry per language")
            continue
        term = _read_term(entry, sections, log)
        if term and term.id in seen:
            log.add(line, f"term id '{term.id}' is used twice")
        elif term:
            seen.add(term.id)
            terms.append(term)
    return tuple(terms)


def _read_term(entry: LineDict, sections: Mapping[str, set[str]], log: ProblemLog) -> Term | None:
    ok = True
    for key in entry:
        if key not in TERM_KEYS:
            log.add(entry.line_of(key), f"unknown key '{key}'")
            ok = False
    term_id = entry.get("id")
    if not isinstance(term_id, str) or not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", term_id):
        log.add(entry.line_of("id"), "term 'id' must be lowercase ASCII words joined by '-'")
        ok = False
    texts: dict[str, dict[str, str]] = {"term": {}, "definition": {}}
    for lang in LANGUAGES:
        value = entry.get(lang)
        if not isinstance(value, dict):
            log.add(entry.line, f"term '{term_id}': missing language '{lang}'")
            ok = False
            continue
        for field in texts:
            text = value.get(field)
            if not isinstance(text, str) or not text.strip():
                log.add(value.line_of(field), f"term '{term_id}': missing {lang} {field}")
                ok = False
            else:
                texts[field][lang] = text.strip()
    section = entry.get("section")
    if section is not None:
        module, _, section_id = str(section).partition("#")
        if module not in sections or (section_id and section_id not in sections[module]):
            log.add(entry.line_of("section"), f"term '{term_id}': no section '{section}'")
            ok = False
    if not ok:
        return None
    return Term(term_id, int(entry.get("module") or 0), section, texts["term"], texts["definition"])
