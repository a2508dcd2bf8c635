"""Copied text: the longest run a course text shares with a source text, ignoring spaces, punctuation, width and case."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

RUN_LIMIT = 30  # a shared run of this many characters (letters, digits, CJK) counts as copied


def comparable(text: str) -> str:
    """The characters that carry the words: full-width folded to half-width, lower case, no spaces,
    punctuation, symbols or Markdown marks ('**CRM**系统，' -> 'crm系统')."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


@dataclass(frozen=True)
class Source:
    """A source text indexed by every run of `size` comparable characters."""

    text: str
    size: int = RUN_LIMIT

    def __post_init__(self) -> None:
        flat = comparable(self.text)
        object.__setattr__(self, "flat", flat)
        object.__setattr__(self, "runs", {flat[i:i + self.size] for i in range(len(flat) - self.size + 1)})

    def copied(self, text: str) -> str | None:
        """The longest run of `text` found in the source, when it is at least `size` long; else None."""
        flat = comparable(text)
        best = None
        i = 0
        while i + self.size <= len(flat):
            if flat[i:i + self.size] not in self.runs:
                i += 1
                continue
            end = i + self.size
            while end < len(flat) and flat[i:end + 1] in self.flat:
                end += 1
            if best is None or end - i > len(best):
                best = flat[i:end]
            i = end
        return best


def texts_in(value: Any, lang: str, where: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) for every text of language `lang` in a bank entry or a question's fields."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if key == lang and isinstance(inner, str):
                yield where, inner
            else:
                yield from texts_in(inner, lang, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield from texts_in(inner, lang, f"{where}[{index}]")
