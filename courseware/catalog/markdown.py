"""Markdown to safe HTML: Python-Markdown with the course's extensions, then nh3 sanitizing."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from courseware.catalog.checks.typography import join_wrapped_lines

# What the course's Markdown may produce; everything else is removed by the sanitizer.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h3", "h4", "h5", "h6", "hr", "img", "li", "mark", "ol", "p", "pre", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "details": {"open"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# A link or image target in Markdown source: [text](target "title") or ![alt](target).
LINK_PATTERN = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")

Resolver = Callable[[str], "str | None"]


class _RewriteLinks(Treeprocessor):
    """Turns course links (`#section`, `02-team-building#section`) into reader URLs."""

    def __init__(self, md: markdown.Markdown, resolve: Resolver):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            if href.startswith(("#fn:", "#fnref:")):
                continue  # footnote anchors stay on the page
            resolved = self.resolve(href)
            if resolved is not None:
                element.set("href", resolved)


class _JoinChineseLines(Preprocessor):
    """Wrapped lines that break between two Chinese characters are joined, so no space shows between them."""

    def run(self, lines: list[str]) -> list[str]:
        return join_wrapped_lines(lines)


class _CourseLinks(Extension):
    def __init__(self, resolve: Resolver):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_RewriteLinks(md, self.resolve), "course_links", 1)
        md.preprocessors.register(_JoinChineseLines(md), "join_chinese_lines", 25)


def render(text: str, resolve: Resolver) -> Markup:
    """Render one section's Markdown, rewrite its course links and sanitize the result."""
    md = markdown.Markdown(
        extensions=[
            "toc", "tables", "attr_list", "admonition", "footnotes", "sane_lists", "def_list",
            "pymdownx.details", "pymdownx.tilde", _CourseLinks(resolve),
        ],
        extension_configs={"toc": {"slugify": slugify_unicode}},
        output_format="html",
    )
    return Markup(sanitize(md.convert(text)))


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES)


INLINE_TAGS = {"strong", "em", "code", "del", "br"}


@lru_cache(maxsize=16384)
def render_inline(text: str) -> Markup:
    """Inline Markdown (bold, italics, code) of a question or choice text, sanitized; cached per text."""
    html = markdown.markdown(text, extensions=["pymdownx.tilde"], output_format="html")
    html = re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.DOTALL)
    return Markup(nh3.clean(html, tags=INLINE_TAGS, attributes={}))
