"""The catalog: content files read, validated and rendered once, then held as immutable objects."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from courseware.catalog.banks import Bank, load_banks
from courseware.catalog.checks.typography import check_typography
from courseware.catalog.coverage import CoverageItem, check_questions, item_order, load_coverage
from courseware.catalog.evaluation import Evaluation, load_evaluation
from courseware.catalog.glossary import Term, check_headwords, load_glossary
from courseware.catalog.modules import Module, Section, build_modules, module_texts, read_drafts
from courseware.catalog.outline import OutlineItem, check_outline, load_outline, section_texts
from courseware.catalog.pools import PoolRules, check_pools
from courseware.catalog.problems import CatalogError, Problem, ProblemLog
from courseware.catalog.questions import Question
from courseware.catalog.quizzes import Quiz, load_quizzes
from courseware.catalog.scenarios import RubricEntry, Scenario, load_rubric, load_scenarios

__all__ = ["Bank", "Catalog", "CatalogError", "Module", "Problem", "Question", "Quiz", "RubricEntry", "Scenario",
           "Section", "Term", "load_catalog"]


@dataclass(frozen=True)
class Catalog:
    modules: tuple[Module, ...]
    glossary: tuple[Term, ...] = ()
    coverage: Mapping[str, CoverageItem] = field(default_factory=dict)
    banks: Mapping[str, Bank] = field(default_factory=dict)
    quizzes: Mapping[str, Quiz] = field(default_factory=dict)
    scenarios: Mapping[str, Scenario] = field(default_factory=dict)
    rubric: Mapping[str, RubricEntry] = field(default_factory=dict)
    evaluation: Evaluation = field(default_factory=Evaluation)
    outline: Mapping[str, OutlineItem] = field(default_factory=dict)  # content/outline.yaml: what each item carries

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def module_by_order(self, order: int | None) -> Module | None:
        return next((m for m in self.modules if m.order == order), None)

    def quiz(self, quiz_id: str) -> Quiz | None:
        return self.quizzes.get(quiz_id)

    def scenario(self, scenario_id: str) -> Scenario | None:
        return self.scenarios.get(scenario_id)

    def item_section(self, item_id: str) -> Section | None:
        """The first section that teaches an OUTLINE item (its name for learners), from coverage.yaml."""
        item = self.coverage.get(item_id)
        if not item:
            return None
        folder, _, section_id = item.sections[0].partition("#")
        module = next((m for m in self.modules if folder in (m.folder, m.id)), None)
        return module.section(section_id) if module else None

    def items_in_order(self) -> list[str]:
        """OUTLINE item ids in course order: 1.1, 1.2, ... 1.10, 2.1."""
        return sorted(self.coverage, key=item_order)

    @property
    def section_count(self) -> int:
        return sum(len(m.sections) for m in self.modules)


def load_catalog(content_dir: str | Path, quiz_dir: str | Path | None = None,
                 pool_rules: PoolRules | None = None) -> tuple[Catalog, list[Problem]]:
    """Read every content file; returns the catalog and every problem found (empty when valid).
    `pool_rules` are the course's minimum pool sizes (the app passes its QUIZ_POOL_RULES setting)."""
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
    check_headwords(content / "glossary.yaml", glossary, module_texts(drafts), problems)
    coverage = load_coverage(content / "coverage.yaml", sections, problems)
    outline = load_outline(content / "outline.yaml", problems)
    if outline and coverage:
        check_outline(content / "outline.yaml", outline, content / "coverage.yaml", coverage, section_texts(modules), problems)
    quiz_path = Path(quiz_dir) if quiz_dir else content.parent / "quizzes"
    banks = load_banks(quiz_path, problems)
    quizzes = load_quizzes(quiz_path / "quizzes.yaml", banks, problems)
    if coverage:
        check_questions(content / "coverage.yaml", coverage, banks, problems)
    check_pools(banks, coverage, pool_rules or PoolRules(), problems)
    scenarios, rubric = {}, {}
    if (content / "roleplays").is_dir():
        scenarios = load_scenarios(content / "roleplays", problems, set(coverage) if coverage else None)
        rubric = load_rubric(content / "roleplays" / "rubric.yaml", problems)
    evaluation = load_evaluation(content / "evaluation.yaml", problems)
    check_typography(content, problems)
    catalog = Catalog(tuple(modules), glossary, MappingProxyType(coverage), MappingProxyType(banks),
                      MappingProxyType(quizzes), MappingProxyType(scenarios), MappingProxyType(rubric), evaluation,
                      MappingProxyType(outline))
    return catalog, sorted(set(problems))
