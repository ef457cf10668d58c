"""A real nginx (Debian's package) running the project's own deploy/nginx files.

The site file and the upstream file are used as shipped; only the ports change: nginx
listens on a free loopback port instead of 80, and the upstream lists the test's backends.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
NGINX_DIR = ROOT / "deploy" / "nginx"
SITE = NGINX_DIR / "nnvisu.conf"
UPSTREAM = NGINX_DIR / "upstream.conf"
# The sub-path the site serves nnvisu on.
PREFIX = "/nnvisu/"

_UPSTREAM_SERVER = re.compile(r"^(\s*server )127\.0\.0\.1:\d+", re.M)


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.access(found, os.X_OK), (
        "nginx is not installed: `apt-get install -y nginx` (scripts/setup.sh --dev does it)"
    )
    return found


def site_config(listen_port: int, backend_ports: list[int]) -> str:
    """deploy/nginx/upstream.conf then deploy/nginx/nnvisu.conf, with the test's ports."""
    upstream = UPSTREAM.read_text()
    shipped = _UPSTREAM_SERVER.findall(upstream)
    assert len(shipped) == len(backend_ports), (
        f"{UPSTREAM.name} lists {len(shipped)} servers; the test runs {len(backend_ports)}"
    )
    ports = iter(backend_ports)
    upstream = _UPSTREAM_SERVER.sub(lambda m: f"{m.group(1)}127.0.0.1:{next(ports)}", upstream)
    site = SITE.read_text()
    assert site.count("listen 80;") == 1, f"{SITE.name} should listen on port 80 once"
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")
    return upstream + "\n" + site


def main_config(prefix: Path, site: str) -> str:
    """A whole nginx.conf around `site`, with every file nginx writes inside `prefix`."""
    # Run as root, nginx's workers would switch to `nobody`, who cannot enter a test's
    # private temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = prefix / "temp"
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {temp}/client;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
"""


class Nginx:
    """nginx in the foreground as a child process, on a free loopback port."""

    def __init__(self, prefix: Path, backend_ports: list[int]) -> None:
        self.prefix = prefix
        self.port = free_port()
        (prefix / "temp").mkdir(parents=True, exist_ok=True)
        self.conf = prefix / "nginx.conf"
        self.conf.write_text(main_config(prefix, site_config(self.port, backend_ports)))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    def _command(self, *extra: str) -> list[str]:
        return [
            nginx_binary(),
            "-p",
            str(self.prefix),
            "-e",
            str(self.prefix / "error.log"),
            "-c",
            str(self.conf),
            *extra,
        ]

    def check(self) -> subprocess.CompletedProcess[str]:
        """`nginx -t`: parse the configuration and report."""
        return subprocess.run(
            self._command("-t"), capture_output=True, text=True, timeout=30, check=False
        )

    def start(self, timeout: float = 15.0) -> None:
        assert self.proc is None, "already running"
        self.proc = subprocess.Popen(
            self._command("-g", "daemon off;"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited at start:\n{self.error_log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen within {timeout} s:\n{self.error_log()}")

    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        proc.terminate()  # fast shutdown of the master and its worker
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
