"""Chinese typography of the course's zh-Hans texts: full-width punctuation beside Han characters, no stray spaces.

Two rules, reported as `path:line: message` by `flask content check`:
(a) an ASCII , : ; ! ? ( ) " ' or a sentence-final . directly beside a Han character is an error;
(b) a space between two characters that are each a Han character or full-width punctuation is an error.
Code, URLs and Markdown syntax are masked before checking. Wrapped Chinese lines in Markdown are joined
when rendering (`join_wrapped_lines`), so a line break between two Chinese characters is not an error.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from courseware.catalog.problems import ProblemLog

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width and CJK punctuation (and the curly quotes, ellipsis and dash Chinese text uses).
FULL_WIDTH = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u201c\u201d\u2018\u2019\u2026\u2014\u00b7"
CJK_RE = re.compile(f"[{HAN}{FULL_WIDTH}]")
# What ASCII punctuation must not touch: Han characters and the full-width marks (not the curly quotes English shares).
CHINESE_RE = re.compile(f"[{HAN}\u3000-\u303f\uff01-\uff5e]")
FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。"}
MASK = "x"  # what masked text becomes: a Latin letter, neither Han nor punctuation nor space

# Inline Markdown that is syntax or code, never prose: code spans, autolinks and URLs, link and image targets.
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
URL = re.compile(r"<[a-z][a-z0-9+.-]*:[^>\s]*>|\b(?:https?|mailto|ftp):[^\s<>（）“”，。]+")
LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
ADMONITION = re.compile(r"^(\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*)\"(.*)\"(\s*)$")
HEADING_ATTRS = re.compile(r"\{[:#.][^}]*\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
# Inline emphasis markers that do not separate characters on the page.
EMPHASIS = "*_~"


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: MASK * len(m.group(0)), text)


def mask_inline(text: str) -> str:
    """The text with code spans, URLs and link targets replaced by placeholder letters (same length)."""
    for pattern in (CODE_SPAN, URL, LINK_TARGET):
        text = _mask(text, pattern)
    return text


def _neighbor(text: str, index: int, step: int, skip: str = "") -> str:
    index += step
    while 0 <= index < len(text) and text[index] in skip:
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _suggest(text: str, index: int) -> str:
    mark = text[index]
    if mark in FULL:
        return FULL[mark]
    if mark == '"':
        return "“" if text.count('"', 0, index) % 2 == 0 else "”"
    right = _neighbor(text, index, 1)
    opening = bool(right) and not right.isspace() and (index == 0 or text[index - 1].isspace())
    return "‘" if opening else "’"


def _pairs(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of matching ASCII parentheses and of double quotes taken two by two."""
    stack: list[int] = []
    quote: int | None = None
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            yield stack.pop(), index
        elif char == '"':
            if quote is None:
                quote = index
            else:
                yield quote, index
                quote = None


def _half_width(text: str) -> set[int]:
    """Offsets of ASCII punctuation that should be full-width: beside a Han character, or enclosing Chinese text."""
    found: set[int] = set()
    for index, char in enumerate(text):
        if char not in ",:;!?()\"'.":
            continue
        left, right = _neighbor(text, index, -1, EMPHASIS), _neighbor(text, index, 1, EMPHASIS)
        if not (CHINESE_RE.match(left) or CHINESE_RE.match(right)):
            continue
        if char in ".:," and left.isdigit() and (right.isdigit() or char == "."):
            continue  # 3.5, 1:2, 1,000, and numbering such as "1.步骤"
        if char == "." and not CHINESE_RE.match(left):
            continue  # only a sentence-final period (after a Han character) is Chinese punctuation
        found.add(index)
    for start, end in _pairs(text):
        if start in found or end in found or CHINESE_RE.search(text, start, end):
            found |= {start, end}  # (客户) or "品质第一": both marks, even where one touches Latin text
    return found


def find_problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for each typography problem of an already masked zh-Hans text."""
    for index in sorted(_half_width(text)):
        yield index, f"half-width '{text[index]}' beside Chinese text: use '{_suggest(text, index)}'"
    for match in re.finditer(r"\s+", text):
        left = _neighbor(text, match.start(), -1, EMPHASIS)
        right = _neighbor(text, match.end() - 1, 1, EMPHASIS)
        if CJK_RE.match(left) and CJK_RE.match(right):
            shown = "line break" if "\n" in match.group(0) else "space"
            yield match.start(), f"{shown} between '{left}' and '{right}': Chinese text has no spaces"


def _is_joinable(previous: str, following: str) -> bool:
    """True when a wrapped Markdown line continues the paragraph of the previous line between two Chinese characters."""
    head = previous.lstrip()
    body = following.lstrip()
    if not head or not body or head.startswith(("#", "|")) or body.startswith(("|", "!!!", "???")):
        return False
    if ADMONITION.match(previous) or previous.endswith("  "):
        return False  # an admonition title, or a hard line break
    last = previous.rstrip().rstrip(EMPHASIS)
    first = body.lstrip(EMPHASIS)
    return bool(last and first and CJK_RE.match(last[-1]) and CJK_RE.match(first[0]))


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Join wrapped paragraph lines that break between two Chinese characters, outside fenced code."""
    result: list[str] = []
    in_fence = False
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
            result.append(line)
            continue
        if not in_fence and result and _is_joinable(result[-1], line):
            result[-1] = result[-1].rstrip() + line.lstrip()
        else:
            result.append(line)
    return result


def _markdown_line(line: str) -> str:
    """One Markdown line with its syntax (admonition title quotes, heading ids, inline code and links) masked."""
    admonition = ADMONITION.match(line)
    if admonition:
        line = (MASK * len(admonition.group(1)) + MASK + admonition.group(2) + MASK + admonition.group(3))
    if line.lstrip().startswith("#"):
        line = _mask(line, HEADING_ATTRS)
    return mask_inline(line)


def check_markdown(path: Path, log: ProblemLog) -> None:
    """Check a zh-Hans Markdown file line by line (fenced code is skipped)."""
    in_fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        masked = _markdown_line(line)
        for _, message in find_problems(masked.strip()):
            log.add(number, message)


def _source_lines(text: str, start: int, end: int, first_line: int) -> list[tuple[str, int]]:
    """The non-space characters of text[start:end] with their line numbers."""
    line = first_line
    found = []
    for char in text[start:end]:
        if char == "\n":
            line += 1
        elif not char.isspace():
            found.append((char, line))
    return found


def _line_of(text: str, node: yaml.ScalarNode, offset: int) -> int:
    """The source line of a scalar value's character at `offset`, by matching its characters in order."""
    source = _source_lines(text, node.start_mark.index, node.end_mark.index, node.start_mark.line + 1)
    position, current = 0, node.start_mark.line + 1
    for char in node.value[: offset + 1]:
        if char.isspace():
            continue
        probe = position
        while probe < len(source) and source[probe][0] != char:
            probe += 1
        if probe < len(source):
            position, current = probe + 1, source[probe][1]
    return current


def zh_scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """Every scalar inside a YAML node (the value of a `zh-Hans` key)."""
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from zh_scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from zh_scalars(value)


def check_yaml_texts(text: str, nodes: list[yaml.ScalarNode], log: ProblemLog) -> None:
    """Check the zh-Hans texts of a parsed YAML file (called by its loader, so each file is parsed once)."""
    for node in nodes:
        if not CJK_RE.search(node.value):
            continue
        for offset, message in find_problems(mask_inline(node.value)):
            log.add(_line_of(text, node, offset), message)


SVG_TEXT = re.compile(r"<(text|title|desc)\b[^>]*>(.*?)</\1>", re.DOTALL)


def check_svg(path: Path, log: ProblemLog) -> None:
    """Check the visible text and the text alternative (<text>, <title>, <desc>) of a zh-Hans SVG picture."""
    text = path.read_text(encoding="utf-8")
    for match in SVG_TEXT.finditer(text):
        inner = re.sub(r"<[^>]+>", "", match.group(2))
        line = text.count("\n", 0, match.start(2)) + 1
        for offset, message in find_problems(html.unescape(inner)):
            log.add(line + inner.count("\n", 0, offset), message)


def check_typography(content_dir: Path, sink: list) -> None:
    """Check the zh-Hans Markdown and pictures of every module (YAML texts are checked as each file is loaded)."""
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        if (folder / "zh-Hans.md").is_file():
            check_markdown(folder / "zh-Hans.md", ProblemLog(folder / "zh-Hans.md", sink))
        for picture in sorted((folder / "images").glob("*.zh-Hans.svg")):
            check_svg(picture, ProblemLog(picture, sink))
