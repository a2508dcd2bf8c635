"""Two app servers and job consumers sharing one PostgreSQL and one Redis, and a browser that visits both."""
from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

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


def start_consumer(env: dict[str, str], log: Path) -> subprocess.Popen:
    """`flask --app wsgi jobs worker` with one worker thread, its output in `log`."""
    with log.open("w") as out:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", "--workers", "1"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop_consumer(process: subprocess.Popen) -> int:
    """SIGTERM, then its exit code (killed if it does not stop within 30 s)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode
