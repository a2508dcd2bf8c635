"""Course modules: `content/NN-slug/` folders to validated, rendered, immutable objects."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from courseware.catalog.markdown import LINK_PATTERN, render
from courseware.catalog.problems import ProblemLog
from courseware.catalog.yamlfile import LineDict, LineList, load_yaml
from courseware.languages import LANGUAGES

FOLDER_PATTERN = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
SECTION_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADING_PATTERN = re.compile(r"^##(?!#)\s*(.*?)\s*$")
ATTR_LIST_PATTERN = re.compile(r"\s*\{:?([^}]*)\}\s*$")
FENCE_PATTERN = re.compile(r"^\s*(```|~~~)")
METADATA_KEYS = {"order", "minutes", "title", "summary", "objectives"}
IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}
RESERVED_SECTION_IDS = {"images", "read"}  # would collide with the reader's own URLs
WORDS_PER_MINUTE = {"en": 200, "zh-Hans": 350}  # English words, Chinese characters


@dataclass(frozen=True)
class Section:
    id: str
    title: Mapping[str, str]
    html: Mapping[str, Markup]


@dataclass(frozen=True)
class Module:
    id: str  # the slug: stable across renumbering, used in URLs and learner records
    folder: str  # NN-slug
    order: int
    minutes: int
    title: Mapping[str, str]
    summary: Mapping[str, str]
    objectives: Mapping[str, tuple[str, ...]]
    intro_html: Mapping[str, Markup]
    sections: tuple[Section, ...]
    images: frozenset[str]
    path: Path
    reading_units: Mapping[str, int] = field(default_factory=dict)  # words (en) / characters (zh)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def neighbours(self, section_id: str) -> tuple[Section | None, Section | None]:
        ids = [s.id for s in self.sections]
        i = ids.index(section_id)
        return (self.sections[i - 1] if i > 0 else None, self.sections[i + 1] if i + 1 < len(ids) else None)

    def reading_minutes(self, lang: str) -> float:
        return self.reading_units.get(lang, 0) / WORDS_PER_MINUTE[lang]


@dataclass
class _SourceSection:
    id: str | None
    title: str
    line: int
    body: list[str]


@dataclass
class _Draft:
    """A module read from disk but not yet rendered (links need every module's sections first)."""

    folder: Path
    order: int
    slug: str
    meta: LineDict
    sources: dict[str, tuple[list[str], list[_SourceSection]]]  # lang -> (intro lines, sections)
    logs: dict[str, ProblemLog]


def split_sections(lines: list[str]) -> tuple[list[str], list[_SourceSection]]:
    """Split Markdown lines at `##` headings (outside fenced code); the rest is the intro."""
    intro: list[str] = []
    sections: list[_SourceSection] = []
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if FENCE_PATTERN.match(line):
            in_fence = not in_fence
        heading = None if in_fence else HEADING_PATTERN.match(line)
        if heading:
            text = heading.group(1)
            section_id = None
            attrs = ATTR_LIST_PATTERN.search(text)
            if attrs:
                text = text[: attrs.start()].strip()
                found = re.search(r"#([^\s}]+)", attrs.group(1))
                section_id = found.group(1) if found else None
            sections.append(_SourceSection(section_id, text, number, []))
        elif sections:
            sections[-1].body.append(line)
        else:
            intro.append(line)
    return intro, sections


def count_reading_units(text: str, lang: str) -> int:
    if lang == "zh-Hans":
        return len(re.findall(r"[\u4e00-\u9fff]", text))
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text))


def _check_localized(meta: LineDict, key: str, log: ProblemLog, is_list: bool = False) -> None:
    value = meta.get(key)
    if not isinstance(value, dict):
        log.add(meta.line_of(key), f"'{key}' must map each language ({', '.join(LANGUAGES)}) to a text")
        return
    for lang in LANGUAGES:
        text = value.get(lang)
        if text is None:
            log.add(meta.line_of(key), f"{key}: missing language '{lang}'")
        elif is_list and not (isinstance(text, list) and text and all(isinstance(t, str) and t.strip() for t in text)):
            log.add(value.line_of(lang), f"{key}.{lang}: must be a non-empty list of texts")
        elif not is_list and not (isinstance(text, str) and text.strip()):
            log.add(value.line_of(lang), f"{key}.{lang}: must be a non-empty text")
    for lang in value:
        if lang not in LANGUAGES:
            log.add(value.line_of(lang), f"{key}: unknown language '{lang}'")


def _read_metadata(folder: Path, sink: list) -> tuple[LineDict | None, ProblemLog]:
    path = folder / "module.yaml"
    log = ProblemLog(path, sink)
    if not path.is_file():
        log.add(1, "missing metadata file module.yaml")
        return None, log
    meta = load_yaml(path, log)
    if meta is None:
        return None, log
    if not isinstance(meta, LineDict):
        log.add(1, "module.yaml must be a mapping of keys to values")
        return None, log
    for key in meta:
        if key not in METADATA_KEYS:
            log.add(meta.line_of(key), f"unknown metadata key '{key}' (allowed: {', '.join(sorted(METADATA_KEYS))})")
    for key in sorted(METADATA_KEYS - set(meta)):
        log.add(1, f"missing metadata key '{key}'")
    for key in ("order", "minutes"):
        if key in meta and (not isinstance(meta[key], int) or isinstance(meta[key], bool) or meta[key] < 1):
            log.add(meta.line_of(key), f"'{key}' must be a positive whole number")
    for key in ("title", "summary"):
        if key in meta:
            _check_localized(meta, key, log)
    if "objectives" in meta:
        _check_localized(meta, "objectives", log, is_list=True)
    return meta, log


def read_drafts(content_dir: Path, sink: list) -> list[_Draft]:
    """Read every module folder's metadata and Markdown, reporting what is malformed."""
    drafts: list[_Draft] = []
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        match = FOLDER_PATTERN.match(folder.name)
        if not match:
            continue  # other folders (roleplays/, images of their own) are not modules
        meta, meta_log = _read_metadata(folder, sink)
        sources: dict[str, tuple[list[str], list[_SourceSection]]] = {}
        logs = {"meta": meta_log}
        for lang in LANGUAGES:
            path = folder / f"{lang}.md"
            log = logs[lang] = ProblemLog(path, sink)
            if not path.is_file():
                ProblemLog(folder / "module.yaml", sink).add(1, f"missing language: {lang}.md not found")
                continue
            sources[lang] = split_sections(path.read_text(encoding="utf-8").splitlines())
            _check_sections(sources[lang][1], log)
        _compare_sections(sources, logs)
        if meta is not None and isinstance(meta.get("order"), int) and meta["order"] != int(match.group(1)):
            meta_log.add(meta.line_of("order"), f"order {meta['order']} does not match folder number {match.group(1)}")
        drafts.append(_Draft(folder, int(match.group(1)), match.group(2), meta or LineDict(), sources, logs))
    seen: dict[int, Path] = {}
    for draft in drafts:
        if draft.order in seen:
            draft.logs["meta"].add(1, f"module number {draft.order:02d} is used twice ({seen[draft.order].name})")
        seen[draft.order] = draft.folder
    return drafts


def _check_sections(sections: list[_SourceSection], log: ProblemLog) -> None:
    seen: set[str] = set()
    for section in sections:
        if section.id is None:
            log.add(section.line, f"section '{section.title}' has no id: write '## {section.title} {{#some-id}}'")
        elif not SECTION_ID_PATTERN.match(section.id):
            log.add(section.line, f"section id '{section.id}' must be lowercase ASCII words joined by '-'")
        elif section.id in RESERVED_SECTION_IDS:
            log.add(section.line, f"section id '{section.id}' is reserved")
        elif section.id in seen:
            log.add(section.line, f"section id '{section.id}' is used twice")
        if section.id:
            seen.add(section.id)
    if not sections:
        log.add(1, "no sections: a module needs at least one '## Title {#id}' heading")


def _compare_sections(sources: dict, logs: dict[str, ProblemLog]) -> None:
    """Section ids must be the same, in the same order, in every language."""
    if len(sources) < len(LANGUAGES):
        return
    base_lang, other_lang = LANGUAGES
    base = [s.id for s in sources[base_lang][1]]
    for section in sources[other_lang][1]:
        if section.id and section.id not in base:
            logs[other_lang].add(section.line, f"section id '{section.id}' is not in {base_lang}.md")
    other = [s.id for s in sources[other_lang][1]]
    for section in sources[base_lang][1]:
        if section.id and section.id not in other:
            logs[base_lang].add(section.line, f"section id '{section.id}' is not in {other_lang}.md")
    common_base = [i for i in base if i and i in other]
    common_other = [i for i in other if i and i in base]
    position = next((k for k, (a, b) in enumerate(zip(common_base, common_other)) if a != b), None)
    if position is not None:
        first = next(s for s in sources[other_lang][1] if s.id == common_other[position])
        logs[other_lang].add(first.line, f"sections are in a different order than in {base_lang}.md")


def module_texts(drafts: list[_Draft]) -> dict[str, str]:
    """Every module's Markdown (intro, section titles and bodies) joined, per language."""
    texts: dict[str, list[str]] = {}
    for draft in drafts:
        for lang, (intro, sections) in draft.sources.items():
            texts.setdefault(lang, []).extend(intro)
            for section in sections:
                texts[lang].append(section.title)
                texts[lang].extend(section.body)
    return {lang: "\n".join(lines) for lang, lines in texts.items()}


class LinkTable:
    """Every module's sections, to check and resolve course links."""

    def __init__(self, drafts: list[_Draft]):
        self.sections: dict[str, set[str]] = {}
        self.slugs: dict[str, str] = {}
        for draft in drafts:
            ids = {s.id for lang in draft.sources for s in draft.sources[lang][1] if s.id}
            for name in (draft.folder.name, draft.slug):
                self.slugs[name] = draft.slug
            self.sections[draft.slug] = ids

    def resolve(self, target: str, current: str) -> tuple[str | None, str | None]:
        """(reader URL relative to a module page, or None; error message, or None)."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            return None, None  # external link (scheme checked by the sanitizer)
        module_part, _, section = target.partition("#")
        slug = self.slugs.get(module_part) if module_part else current
        if slug is None:
            return None, f"broken link '{target}': no module '{module_part}'"
        if section and section not in self.sections[slug]:
            return None, f"broken link '{target}': no section '{section}' in module '{slug}'"
        return f"../{slug}/{section}", None


def _check_links_and_images(draft: _Draft, links: LinkTable, lang: str) -> set[str]:
    """Check every link and image of one language file; returns the image paths it uses."""
    log = draft.logs[lang]
    images: set[str] = set()
    in_fence = False
    text = (draft.folder / f"{lang}.md").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE_PATTERN.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        for bang, label, target in LINK_PATTERN.findall(line):
            if bang:
                _check_image(draft.folder, target, label, number, log, images)
            else:
                _, error = links.resolve(target, draft.slug)
                if error:
                    log.add(number, error)
    return images


def _check_image(folder: Path, target: str, alt: str, line: int, log: ProblemLog, images: set[str]) -> None:
    path = (folder / target).resolve()
    if not alt.strip():
        log.add(line, f"image '{target}' has no text alternative: write ![what it shows]({target})")
    if not path.is_relative_to(folder.resolve()) or path.suffix.lower() not in IMAGE_SUFFIXES:
        log.add(line, f"image '{target}' must be an .svg/.png/.jpg/.webp file inside the module folder")
    elif not path.is_file():
        log.add(line, f"missing image '{target}'")
    else:
        images.add(target)


def build_modules(drafts: list[_Draft]) -> list[Module]:
    """Check links and images, then render every module once."""
    links = LinkTable(drafts)
    modules = []
    for draft in drafts:
        images: set[str] = set()
        for lang in draft.sources:
            images |= _check_links_and_images(draft, links, lang)
        modules.append(_render(draft, links, frozenset(images)))
    return sorted(modules, key=lambda m: m.order)


def _render(draft: _Draft, links: LinkTable, images: frozenset[str]) -> Module:
    def resolve(target: str) -> str | None:
        return links.resolve(target, draft.slug)[0]

    intro: dict[str, Markup] = {}
    titles: dict[str, dict[str, str]] = {}
    htmls: dict[str, dict[str, Markup]] = {}
    units: dict[str, int] = {}
    order: list[str] = []
    for lang, (intro_lines, sections) in draft.sources.items():
        intro[lang] = render("\n".join(intro_lines), resolve)
        units[lang] = count_reading_units("\n".join(intro_lines), lang)
        for section in sections:
            if not section.id:
                continue
            if section.id not in order:
                order.append(section.id)
            body = "\n".join(section.body)
            titles.setdefault(section.id, {})[lang] = section.title
            htmls.setdefault(section.id, {})[lang] = render(body, resolve)
            units[lang] += count_reading_units(section.title + "\n" + body, lang)
    meta = draft.meta
    return Module(
        id=draft.slug,
        folder=draft.folder.name,
        order=draft.order,
        minutes=meta.get("minutes") if isinstance(meta.get("minutes"), int) else 0,
        title=dict(meta.get("title") or {}),
        summary=dict(meta.get("summary") or {}),
        objectives={k: tuple(v) for k, v in (meta.get("objectives") or {}).items() if isinstance(v, LineList | list)},
        intro_html=intro,
        sections=tuple(Section(sid, titles[sid], htmls[sid]) for sid in order),
        images=images,
        path=draft.folder,
        reading_units=units,
    )
