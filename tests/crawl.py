"""A same-site crawler for the language tests: visible interface words of every page a role reaches by GET links."""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import HTTPException

SKIPPED_TAGS = {"script", "style"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CODE_TAGS = {"code", "kbd", "samp", "pre"}
SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
TERM_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])（[A-Za-z][A-Za-z' -]*）")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
HAN = re.compile(r"[\u3400-\u9fff]+")
# Beside acronyms (KPI, CRM, SMART, CSV, PDF...): names a reader knows in any language, units, statistics' n and t.
LATIN_ALLOWED = {"KPIs", "Ctrl", "Moodle", "Student", "Welch", "SciPy", "Excel", "xlsx", "vs", "km", "kg", "h", "min", "s", "x", "n", "t"}
# The language switch names each language in itself.
LANGUAGE_NAMES = {"English", "中文"}


@dataclass
class Offence:
    url: str
    word: str

    def __str__(self) -> str:
        return f"{self.url}: {self.word}"


class VisibleText(HTMLParser):
    """Text a user sees: text nodes and shown attributes, minus scripts, styles and code; and the page's links."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.open: list[tuple[str, bool]] = []  # (tag, opens a passage marked as another language)
        self.other = 0
        self.words: list[str] = []
        self.links: list[str] = []
        self.skip = 0
        self.code = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        foreign = bool(attributes.get("lang")) and attributes["lang"] != self.lang and tag not in VOID_TAGS
        if foreign:
            self.other += 1
        if tag not in VOID_TAGS:
            self.open.append((tag, foreign))
        if tag in SKIPPED_TAGS:
            self.skip += 1
        if tag in CODE_TAGS:
            self.code += 1
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.links.append(attributes["href"])
        if tag == "form" and (attributes.get("method") or "get").lower() == "get" and attributes.get("action"):
            self.links.append(attributes["action"])
        if tag in SKIPPED_TAGS or self.code or self.other:
            return
        for name in SHOWN_ATTRIBUTES:
            if attributes.get(name):
                self.words.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.words.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        while tag not in VOID_TAGS and any(opened == tag for opened, _ in self.open):
            opened, foreign = self.open.pop()
            self.other -= foreign
            if opened == tag:
                break
        if tag in SKIPPED_TAGS and self.skip:
            self.skip -= 1
        if tag in CODE_TAGS and self.code:
            self.code -= 1

    def handle_data(self, data):
        if not self.skip and not self.code and not self.other and data.strip():
            self.words.append(data)


@dataclass
class Crawl:
    pages: int = 0
    offences: list[Offence] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def crawl(app, client, start: str, lang: str, offending, skip=("/logout", "/static/"), per_rule: int = 2,
          limit: int = 2000) -> Crawl:
    """Breadth-first from `start` over same-site GET links; `offending(text)` yields the words that fail a page.
    At most `per_rule` distinct argument sets are visited per URL rule (query strings count as arguments)."""
    adapter = app.url_map.bind("localhost")
    seen_rules: dict[str, set] = {}
    queued = {start}
    todo = deque([start])
    result = Crawl()
    while todo and result.pages < limit:
        url = todo.popleft()
        response = client.get(url)
        result.pages += 1
        if response.status_code >= 500:
            result.errors.append(f"{url}: {response.status_code}")
            continue
        if response.status_code in (301, 302, 303):  # a landing page that sends each role home: follow it
            target = urlsplit(urljoin(url, response.headers["Location"]))
            path = target.path + (f"?{target.query}" if target.query else "")
            if target.netloc in ("", "localhost") and path not in queued:
                queued.add(path)
                todo.append(path)
            continue
        if response.mimetype != "text/html":
            continue
        parser = VisibleText(lang)
        parser.feed(response.get_data(as_text=True))
        for text in parser.words:
            for word in offending(text):
                result.offences.append(Offence(url, word))
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "localhost") or parts.scheme not in ("", "http"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path in queued or any(parts.path.startswith(s) for s in skip):
                continue
            try:
                rule, args = adapter.match(parts.path, method="GET", return_rule=True)
            except HTTPException:
                continue
            key = (tuple(sorted(args.items())), parts.query)
            keys = seen_rules.setdefault(rule.rule, set())
            if key not in keys and len(keys) >= per_rule:
                continue
            keys.add(key)
            queued.add(path)
            todo.append(path)
    return result


def latin_words(allowed: set[str]):
    """Latin-script words outside the allowlist (data words passed in `allowed`)."""
    def offending(text: str):
        text = TERM_GLOSS.sub("", text)  # 具体（Specific）: a term's English original, as the course gives it
        for word in LATIN_WORD.findall(text):
            acronym = word.isupper() and len(word) <= 5  # LTV, MBTI, IT: read as names in Chinese text too
            if not acronym and word not in LATIN_ALLOWED and word not in allowed and word not in LANGUAGE_NAMES:
                yield word
    return offending


def han_words(allowed: str):
    """Runs of Chinese characters that are not part of the data text in `allowed`."""
    def offending(text: str):
        for run in HAN.findall(text):
            if run not in allowed and run not in LANGUAGE_NAMES:
                yield run
    return offending
