"""Two app servers and job consumers sharing one PostgreSQL and one Redis, and a browser that visits both."""
from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT
from tests.servers.processes import terminate

TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


@dataclass
class Browser:
    """One browser: a cookie jar sent to every server (cookies are per host, not per port)."""

    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request (X-Forwarded-For)

    def open(self, url: str, data: dict | None = None) -> tuple[int, str, str]:
        """GET (or POST `data`), following redirects: the status, the final URL and the page."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        opener.addheaders = list(self.headers.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with opener.open(url, data=body, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()

    def token(self, url: str) -> str:
        """The CSRF token of the page at `url`."""
        return TOKEN.search(self.open(url)[2]).group(1)

    def log_in(self, base: str, username: str, password: str) -> int:
        """Submit the login form on `base`; the status of the answer (after its redirect)."""
        token = self.token(base + "/login")
        return self.open(base + "/login", {"username": username, "password": password, "csrf_token": token,
                                           "next": ""})[0]

    def copy(self) -> Browser:
        """Another browser holding the same cookies (a stolen or kept copy)."""
        other = Browser()
        for cookie in self.jar:
            other.jar.set_cookie(cookie)
        return other


class Lines:
    """The output lines of one or more processes, as they come; `wait_for` is woken by each new line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._arrived = threading.Condition()

    def add(self, line: str) -> None:
        with self._arrived:
            self.lines.append(line)
            self._arrived.notify_all()

    def matching(self, marker: str) -> list[str]:
        with self._arrived:
            return [line for line in self.lines if marker in line]

    def wait_for(self, marker: str, count: int, timeout: float) -> list[str]:
        """The lines holding `marker` once there are `count` of them; fails at the deadline, showing them all."""
        with self._arrived:
            found = self._arrived.wait_for(lambda: len(self.matching(marker)) >= count, timeout)
            assert found, f"{count} line(s) with {marker!r} expected:\n" + "\n".join(self.lines)
            return self.matching(marker)


class Consumer:
    """`flask --app wsgi jobs worker` with one worker thread. Its output is read as it comes, into `log` and
    into `lines` (which several consumers may share)."""

    def __init__(self, env: dict[str, str], log: Path, lines: Lines):
        self.log, self.lines = log, lines
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", "--workers", "1"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.pid = self.process.pid
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        with self.process.stdout as stream, self.log.open("w") as out:
            for line in stream:  # ends when the process closes its output
                out.write(line)
                out.flush()
                self.lines.add(f"[{self.pid}] {line.rstrip()}")

    def stop(self) -> int:
        """SIGTERM, then its exit code (killed if it does not stop within 30 s); its output is read to the end."""
        code = terminate(self.process, grace=30)
        self._reader.join(30)
        return code
