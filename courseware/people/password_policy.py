"""The password rules of NIST SP 800-63B, checked wherever a password is set: length, no names, no repetition or
sequence, none of the 10,000 most common passwords. No composition rules."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIN_LENGTH = 10
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"
# A Latin name shorter than 3 letters is too common a string to forbid inside a password ("li" in "lilac-garden");
# two Chinese characters are a whole name (王芳).
_NAME_MIN_LENGTH = {True: 3, False: 2}  # by name.isascii()
# Runs a person types without thinking: digits (0 follows 9), the alphabet, and the keyboard's rows and columns.
_SEQUENCES = (
    "0123456789", "abcdefghijklmnopqrstuvwxyz", "`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]", "qazwsxedcrfvtgbyhnujmikolp",
)
_SEPARATORS = re.compile(r"[\W_]+")
_REPEATED = re.compile(r"(.+?)\1+", re.DOTALL)


class PasswordRejected(ValueError):
    """A password breaks a rule; `code` names it: too_short, contains_name, repeated, sequential or common."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list (lower-case), read once."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check(password: str, *, username: str = "", display_name: str = "") -> None:
    """Raise PasswordRejected with the first rule the password breaks; return if it keeps them all."""
    lowered = password.lower()
    if len(password) < MIN_LENGTH:
        raise PasswordRejected("too_short", f"a password needs at least {MIN_LENGTH} characters")
    bare = _SEPARATORS.sub("", lowered)  # "Wang-Fang.2026" still holds "wangfang"
    if any(name in lowered or name in bare for name in _names(username, display_name)):
        raise PasswordRejected("contains_name", "the password contains the username or the display name")
    if _REPEATED.fullmatch(lowered):
        raise PasswordRejected("repeated", "the password is one character or group of characters repeated")
    if _is_sequence(lowered):
        raise PasswordRejected("sequential", "the password is a sequence of characters or keys")
    if lowered in common_passwords():
        raise PasswordRejected("common", "the password is one of the 10,000 most common passwords")


def _names(username: str, display_name: str) -> set[str]:
    """The names a password may not contain, lower-case: each as given and without its spaces and punctuation."""
    names = set()
    for name in (username, display_name):
        name = (name or "").strip().lower()
        for form in (name, _SEPARATORS.sub("", name)):
            if len(form) >= _NAME_MIN_LENGTH[form.isascii()]:
                names.add(form)
    return names


def _is_sequence(lowered: str) -> bool:
    """A run of consecutive code points (abcdefghij), or a run along a known sequence, forwards or backwards and
    wrapping round (7890123456, qwertyuiop, poiuytrewq)."""
    steps = {ord(b) - ord(a) for a, b in zip(lowered, lowered[1:])}
    if steps in ({1}, {-1}):
        return True
    for sequence in _SEQUENCES:
        for line in (sequence, sequence[::-1]):
            if lowered in line * (len(lowered) // len(line) + 2):
                return True
    return False
