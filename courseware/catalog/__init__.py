"""The catalog: content files read, validated and rendered once, then held as immutable objects."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from courseware.catalog.coverage import CoverageItem, load_coverage
from courseware.catalog.glossary import Term, load_glossary
from courseware.catalog.modules import Module, Section, build_modules, read_drafts
from courseware.catalog.problems import CatalogError, Problem, ProblemLog

__all__ = ["Catalog", "CatalogError", "Module", "Problem", "Section", "Term", "load_catalog"]


@dataclass(frozen=True)
class Catalog:
    modules: tuple[Module, ...]
    glossary: tuple[Term, ...] = ()
    coverage: Mapping[str, CoverageItem] = field(default_factory=dict)
    quizzes: Mapping[str, object] = field(default_factory=dict)  # filled by the quizzes issue
    scenarios: Mapping[str, object] = field(default_factory=dict)  # filled by the role-play issue

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    @property
    def section_count(self) -> int:
        return sum(len(m.sections) for m in self.modules)


def load_catalog(content_dir: str | Path, quiz_dir: str | Path | None = None) -> tuple[Catalog, list[Problem]]:
    """Read every content file; returns the catalog and every problem found (empty when valid)."""
    content = Path(content_dir)
    problems: list[Problem] = []
    if not content.is_dir():
        ProblemLog(content, problems).add(1, "content folder not found")
        return Catalog(modules=()), problems
    drafts = read_drafts(content, problems)
    modules = build_modules(drafts)
    if not modules:
        ProblemLog(content, problems).add(1, "no module folders (NN-slug) found")
    sections: dict[str, set[str]] = {}
    for module in modules:
        ids = {s.id for s in module.sections}
        sections[module.folder] = sections[module.id] = ids
    glossary = load_glossary(content / "glossary.yaml", sections, problems)
    coverage = load_coverage(content / "coverage.yaml", sections, problems)
    catalog = Catalog(tuple(modules), glossary, MappingProxyType(coverage))
    return catalog, sorted(set(problems))
