"""The course glossary: terms in both languages with a one-line definition."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from courseware.catalog.checks.typography import HAN
from courseware.catalog.problems import ProblemLog
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml
from courseware.languages import LANGUAGES

TERM_KEYS = {"id", "module", "section", *LANGUAGES}
CHINESE_SPACE = re.compile(f"(?<=[{HAN}]) (?=[{HAN}])")


@dataclass(frozen=True)
class Term:
    id: str
    module: int
    section: str | None  # "module-slug#section-id"
    term: Mapping[str, str]
    definition: Mapping[str, str]
    lines: Mapping[str, int] = field(default_factory=dict)  # the line of each language's headword in glossary.yaml


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
    lines: dict[str, int] = {}
    for lang in LANGUAGES:
        value = entry.get(lang)
        if not isinstance(value, dict):
            log.add(entry.line, f"term '{term_id}': missing language '{lang}'")
            ok = False
            continue
        for part in texts:
            text = value.get(part)
            if not isinstance(text, str) or not text.strip():
                log.add(value.line_of(part), f"term '{term_id}': missing {lang} {part}")
                ok = False
            else:
                texts[part][lang] = text.strip()
        lines[lang] = value.line_of("term")
    section = entry.get("section")
    if section is not None:
        module, _, section_id = str(section).partition("#")
        if module not in sections or (section_id and section_id not in sections[module]):
            log.add(entry.line_of("section"), f"term '{term_id}': no section '{section}'")
            ok = False
    if not ok:
        return None
    return Term(term_id, int(entry.get("module") or 0), section, texts["term"], texts["definition"], lines)


def _searchable(text: str, lang: str) -> str:
    """Text as a headword is looked for in it: no emphasis marks, one space for any run of spaces, English lowercased."""
    text = re.sub(r"\s+", " ", text.replace("*", "").replace("_", " "))
    if lang == "en":
        return text.lower()
    return CHINESE_SPACE.sub("", text)  # a wrapped Chinese line is joined without a space when rendered


def check_headwords(path: Path, terms: tuple[Term, ...], module_texts: Mapping[str, str], sink: list) -> None:
    """Every headword, in each language, must appear in some module's text of that language (the course's words)."""
    log = ProblemLog(path, sink)
    texts = {lang: _searchable(text, lang) for lang, text in module_texts.items()}
    for term in terms:
        for lang, headword in term.term.items():
            if lang in texts and _searchable(headword, lang) not in texts[lang]:
                log.add(term.lines.get(lang, 1), f"term '{term.id}': the {lang} headword '{headword}' appears in no "
                                                 f"module's text; use the text's word, or use this one in the text")
