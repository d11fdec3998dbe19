"""Prism (`@stoplight/prism-cli`), a mock server that validates every request against an
OpenAPI file, serving the official Keitaro spec for the contract tests.

Where Prism comes from, in order: `KEITARO_PRISM` (a path to the `prism` executable), the
cache folder (`KEITARO_PRISM_CACHE`, else `$XDG_CACHE_HOME/keitaro-bot`, else
`~/.cache/keitaro-bot`; `.ci/run` installs it there), `prism` on PATH when it is the pinned
version, and last an `npm install` into the cache folder. Only when none of that works are
the contract tests skipped, with the reason.

The spec is not shipped with the project (licence): it is read from `KEITARO_OPENAPI` or
`../shared/keitaro/openapi.json`, and a copy whose paths carry the `/admin_api/v1` prefix
(Prism's mock ignores `servers`) is written to pytest's temporary folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRISM_VERSION = "5.16.0"
PRISM_PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"
API_PREFIX = "/admin_api/v1"
START_TIMEOUT = 60.0
INSTALL_TIMEOUT = 600.0

# Filled in as the session goes, for the terminal summary (tests/conftest.py).
TIMINGS: dict[str, float] = {}


class Unavailable(Exception):
    """Prism or the spec cannot be had here; the message says why (the skip reason)."""


def spec_path() -> Path:
    configured = os.environ.get("KEITARO_OPENAPI")
    return Path(configured) if configured else ROOT.parent / "shared/keitaro/openapi.json"


def cache_dir() -> Path:
    configured = os.environ.get("KEITARO_PRISM_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "keitaro-bot"


def cached_binary() -> Path:
    return cache_dir() / f"prism-{PRISM_VERSION}" / "node_modules" / ".bin" / "prism"


def _version(binary: str) -> str | None:
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True,  # noqa: S603
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _install() -> Path:
    """`npm install` the pinned Prism into the cache folder (once, under a file lock)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise Unavailable(
            f"Prism {PRISM_VERSION} is not installed (KEITARO_PRISM unset, nothing in "
            f"{cached_binary().parent}, no `prism` {PRISM_VERSION} on PATH) and Node.js/npm "
            "are missing to install it: apt-get install nodejs npm (or run .ci/run)")
    target = cached_binary().parents[2]
    target.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(target.parent / "prism-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cached_binary().exists():
            try:
                done = subprocess.run(  # noqa: S603
                    [npm, "install", "--prefix", str(target), "--no-audit", "--no-fund",
                     "--loglevel=error", PRISM_PACKAGE],
                    capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)
            except subprocess.TimeoutExpired:
                raise Unavailable(f"npm install {PRISM_PACKAGE} took over "
                                  f"{INSTALL_TIMEOUT:.0f} s") from None
            if done.returncode != 0 or not cached_binary().exists():
                tail = " ".join((done.stderr or done.stdout).split())[-300:]
                raise Unavailable(f"npm install {PRISM_PACKAGE} failed "
                                  f"(exit {done.returncode}): {tail}")
            TIMINGS["prism_install_s"] = time.perf_counter() - started
    return cached_binary()


def find_prism() -> Path:
    """The Prism executable to use, installing it when it is missing and npm exists."""
    configured = os.environ.get("KEITARO_PRISM")
    if configured:
        if not Path(configured).exists():
            raise Unavailable(f"KEITARO_PRISM={configured} does not exist")
        return Path(configured)
    if cached_binary().exists():
        if _version(str(cached_binary())) == PRISM_VERSION:
            return cached_binary()
        # an install cut short (or a damaged cache) leaves a binary that cannot start
        shutil.rmtree(cached_binary().parents[2], ignore_errors=True)
    on_path = shutil.which("prism")
    if on_path and _version(on_path) == PRISM_VERSION:
        return Path(on_path)
    return _install()


def prefixed_spec(source: Path, target: Path) -> Path:
    """A copy of the spec whose paths carry the API prefix (Prism ignores `servers`)."""
    spec = json.loads(source.read_text(encoding="utf-8"))
    spec["paths"] = {API_PREFIX + path: item for path, item in spec["paths"].items()}
    spec["servers"] = [{"url": "/"}]
    target.write_text(json.dumps(spec), encoding="utf-8")
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback only
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer (Prism says 404 for `/`) means it is listening
    except OSError:
        return False


@dataclass
class Prism:
    url: str  # http://127.0.0.1:<port>, serving the spec's paths under /admin_api/v1
    proc: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def running_prism(workdir: Path) -> Iterator[Prism]:
    """Start Prism on a free loopback port, wait until it answers, stop it on exit."""
    source = spec_path()
    if not source.exists():
        raise Unavailable(f"the official spec is not at {source} (it lives outside the "
                          "repository; set KEITARO_OPENAPI to its path)")
    binary = find_prism()
    spec = prefixed_spec(source, workdir / "openapi.json")
    port = _free_port()
    log = workdir / "prism.log"
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(  # noqa: S603
            [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = started + START_TIMEOUT
        while not _answers(url + "/"):
            if proc.poll() is not None:
                raise RuntimeError(f"Prism exited with {proc.returncode}: "
                                   f"{log.read_text(errors='replace')[-2000:]}")
            if time.perf_counter() > deadline:
                raise RuntimeError(f"Prism did not answer within {START_TIMEOUT:.0f} s: "
                                   f"{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
        TIMINGS["prism_start_s"] = time.perf_counter() - started
        yield Prism(url=url, proc=proc, log=log)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: Prism and nothing else
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
