"""The secret key that signs sessions, remember-me cookies and CSRF tokens: chosen once, refused when weak."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Flask

KEY_FILE = "secret_key"
KEY_BYTES = 64
MIN_LENGTH = 32
# Every value that was ever in the repository: anyone who read it could sign a cookie with it.
KNOWN_DEVELOPMENT_KEYS = frozenset({"dev-only-change-me", "test-secret", "load", "bench", "browser-tests"})


class SecretKeyError(click.ClickException):
    """The app has no usable secret key; the message is one line (a ClickException: `flask` prints just that)."""


def configure(app: Flask, *, create_file: bool) -> None:
    """Set app.secret_key from the configuration, else SECRET_KEY, else the instance file; refuse a weak key.

    With `create_file` (the `flask` command: `make run`, init-db, demo), a missing file is made first.
    A test app (`TESTING`) keeps whatever key its configuration gives.
    """
    if app.config.get("TESTING"):
        return
    key = app.config.get("SECRET_KEY") or os.environ.get("SECRET_KEY")
    origin = "SECRET_KEY"
    if not key:
        path = Path(app.instance_path) / KEY_FILE
        origin = str(path)
        if create_file and not path.exists():
            create_key_file(path)
        key = read_key_file(path)
    check(key, origin)
    app.config["SECRET_KEY"] = key


def check(key: str | bytes, origin: str) -> None:
    """Refuse a key that is short or was ever public, naming where it came from."""
    raw = key.encode() if isinstance(key, str) else key
    if raw.strip().decode(errors="replace") in KNOWN_DEVELOPMENT_KEYS:
        raise SecretKeyError(f"refusing to start: {origin} holds a development key published in the repository; "
                             f"use a long random value")
    if len(raw) < MIN_LENGTH:
        raise SecretKeyError(f"refusing to start: {origin} is {len(raw)} bytes, a secret key needs at least "
                             f"{MIN_LENGTH} random bytes")


def read_key_file(path: Path) -> bytes:
    """The key file's bytes; a missing or unreadable file stops start-up with the way to make one."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SecretKeyError(f"refusing to start: no secret key; set SECRET_KEY or run `flask --app wsgi init-db` "
                             f"to create {path}") from None
    except OSError as exc:
        raise SecretKeyError(f"refusing to start: cannot read the secret key {path}: {exc.strerror}") from None


def create_key_file(path: Path) -> None:
    """Write 64 random bytes to `path` with mode 0600, unless it exists: an existing key is never replaced.

    The bytes go to a private temporary file that is then hard-linked into place, so two processes
    starting together never read a half-written key, and the second one keeps the first one's key.
    """
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(secrets.token_bytes(KEY_BYTES))
                out.flush()
                os.fsync(out.fileno())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: keep theirs
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as exc:
        raise SecretKeyError(f"refusing to start: cannot create the secret key {path}: {exc.strerror}; "
                             f"set SECRET_KEY instead") from None
