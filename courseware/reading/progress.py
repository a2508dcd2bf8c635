"""The learner's reading path: sections marked as read, progress, and where to continue."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from courseware.catalog import Catalog, Module, Section
from courseware.extensions import db
from courseware.models import ReadingPosition, SectionRead


@dataclass(frozen=True)
class ModuleProgress:
    module: Module
    read: frozenset[str]  # ids of the sections read

    @property
    def done(self) -> int:
        return len(self.read)

    @property
    def total(self) -> int:
        return len(self.module.sections)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def next_unread(self) -> Section | None:
        return next((s for s in self.module.sections if s.id not in self.read), None)


@dataclass(frozen=True)
class CourseProgress:
    modules: list[ModuleProgress]
    resume: tuple[Module, Section] | None = None  # where to continue (course_progress only)

    @property
    def done(self) -> int:
        return sum(m.done for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def of(self, module_id: str) -> ModuleProgress | None:
        return next((m for m in self.modules if m.module.id == module_id), None)


def read_sections(user_id: int) -> dict[str, set[str]]:
    """module id -> ids of sections this user has read (one query)."""
    result: dict[str, set[str]] = {}
    rows = db.session.execute(
        select(SectionRead.module_id, SectionRead.section_id).where(SectionRead.user_id == user_id)
    )
    for module_id, section_id in rows:
        result.setdefault(module_id, set()).add(section_id)
    return result


def reading_progress(catalog: Catalog, user_id: int) -> CourseProgress:
    """Progress per module and for the course, without the resume point (one query, for pages that do not
    show it); sections since removed from the course do not count."""
    read = read_sections(user_id)
    return CourseProgress([
        ModuleProgress(m, frozenset(read.get(m.id, set()) & {s.id for s in m.sections})) for m in catalog.modules
    ])


def course_progress(catalog: Catalog, user_id: int) -> CourseProgress:
    """Progress per module and for the course, and where to continue: the first unread section."""
    modules = reading_progress(catalog, user_id).modules
    return CourseProgress(modules, _resume_point(modules))


def _resume_point(progress: list[ModuleProgress]) -> tuple[Module, Section] | None:
    """The first section not yet read, in course order (not the last page visited)."""
    first_unread = next((p for p in progress if p.next_unread), None)
    return (first_unread.module, first_unread.next_unread) if first_unread else None  # type: ignore[return-value]


def record_visit(user_id: int, module_id: str, section_id: str) -> None:
    """Remember the last section opened (kept for the record; "continue" goes to the first unread section)."""
    position = db.session.get(ReadingPosition, user_id)
    if position is None:
        db.session.add(ReadingPosition(user_id=user_id, module_id=module_id, section_id=section_id))
    elif (position.module_id, position.section_id) != (module_id, section_id):
        position.module_id, position.section_id = module_id, section_id
    else:
        return
    try:
        db.session.commit()
    except IntegrityError:  # two tabs opened at once: the other request saved the position
        db.session.rollback()


def mark_read(user_id: int, module_id: str, section_id: str) -> bool:
    """Record that a section was read; True if newly recorded. A repeat (double click, retry) counts once."""
    exists = db.session.scalar(
        select(SectionRead.id).where(
            SectionRead.user_id == user_id, SectionRead.module_id == module_id, SectionRead.section_id == section_id
        )
    )
    if exists:
        return False
    db.session.add(SectionRead(user_id=user_id, module_id=module_id, section_id=section_id))
    try:
        db.session.commit()
    except IntegrityError:  # a simultaneous request recorded it first; the unique constraint keeps one row
        db.session.rollback()
        return False
    return True


def mark_unread(user_id: int, module_id: str, section_id: str) -> None:
    db.session.execute(
        SectionRead.__table__.delete().where(
            SectionRead.user_id == user_id, SectionRead.module_id == module_id, SectionRead.section_id == section_id
        )
    )
    db.session.commit()
