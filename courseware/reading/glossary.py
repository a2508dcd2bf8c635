"""The glossary page: the course's terms in module order, narrowed by a search in any language."""
from __future__ import annotations

from courseware.catalog import Catalog, Term


def terms(catalog: Catalog, lang: str, query: str = "") -> list[Term]:
    """The terms by module, then by headword in `lang`; with a (lower-case) query, those whose headword or
    definition in any language contains it."""
    found = sorted(catalog.glossary, key=lambda t: (t.module, t.term.get(lang, "")))
    if query:
        found = [t for t in found if any(query in v.lower() for v in (*t.term.values(), *t.definition.values()))]
    return found
